using System.Collections.Concurrent;
using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3007: endpoints carry Compliance.Runtime controls (<c>[Audited]</c>, <c>[RateLimited]</c>,
/// <c>[Validated]</c>, <c>[RequireMfa]</c> or their conventions) but the application never
/// registers what executes them: <c>AddCompliance()</c>, the feature each control needs, and
/// <c>UseCompliance()</c>. The attributes are metadata only, so without the runtime the code reads
/// as protected while nothing is audited or limited. One diagnostic per application, on its
/// <c>Build()</c> call, once every endpoint of the compilation has been seen.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ComplianceRuntimeRegistrationAnalyzer : EndpointAnalyzer
{
    /// <summary>Diagnostic property listing the missing calls, comma-separated, in the order the fix writes them.</summary>
    public const string MissingProperty = "Missing";

    public const string AddCompliance = "AddCompliance";
    public const string UseCompliance = "UseCompliance";

    public ComplianceRuntimeRegistrationAnalyzer()
        : base(Descriptors.ControlsWithoutRuntime)
    {
    }

    [Flags]
    private enum RuntimeControls
    {
        None = 0,
        Audited = 1,
        RateLimited = 2,
        Validated = 4,
        RequireMfa = 8,
    }

    protected override object? CreateCompilationState(Compilation compilation)
    {
        var symbols = EndpointModel.For(compilation).Symbols;
        // Without Compliance.Runtime no endpoint can carry its controls.
        return symbols.Audited is null && symbols.RateLimited is null && symbols.Validated is null && symbols.RequireMfa is null
            ? null
            : new Usage();
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        if (context.CompilationState is Usage usage && ControlsOf(endpoint) is var controls and not RuntimeControls.None)
        {
            usage.Endpoints[endpoint] = controls;
        }
    }

    protected override void OnCompilationEnd(CompilationAnalysisContext context, object state)
        => Report(context, EndpointModel.For(context.Compilation).Global, ((Usage)state).Endpoints);

    /// <summary>
    /// The runtime controls present anywhere on the endpoint's paths. Presence, not the resolved
    /// winner, is what matters: the runtime reads the metadata whichever scope it came from.
    /// </summary>
    private static RuntimeControls ControlsOf(EndpointInfo endpoint)
    {
        var controls = RuntimeControls.None;
        foreach (var path in endpoint.Paths)
        {
            foreach (var level in path.Levels)
            {
                foreach (var mark in level)
                {
                    controls |= mark.Kind switch
                    {
                        ControlKind.Audited => RuntimeControls.Audited,
                        ControlKind.RateLimitTier => RuntimeControls.RateLimited,
                        ControlKind.Validated when mark.Detail != ControlMark.FrameworkValidation => RuntimeControls.Validated,
                        ControlKind.RequireMfa => RuntimeControls.RequireMfa,
                        _ => RuntimeControls.None,
                    };
                }
            }
        }

        return controls;
    }

    private static void Report(CompilationAnalysisContext context, GlobalEndpointPolicy global, ConcurrentDictionary<EndpointInfo, RuntimeControls> usage)
    {
        // A library's endpoints are registered by the host that references it; only a compilation
        // that builds the application knows whether the runtime is wired.
        if (usage.IsEmpty || !global.IsApplication)
        {
            return;
        }

        var used = RuntimeControls.None;
        foreach (var controls in usage.Values)
        {
            used |= controls;
        }

        var required = new List<string> { AddCompliance };
        if ((used & RuntimeControls.RateLimited) != 0)
        {
            required.Add("AddRateLimiting");
        }

        if ((used & RuntimeControls.Validated) != 0)
        {
            required.Add("AddValidation");
        }

        if ((used & RuntimeControls.Audited) != 0)
        {
            required.Add("AddAuditing");
        }

        if ((used & RuntimeControls.RequireMfa) != 0)
        {
            // AddMfa keeps TOTP secrets through field encryption and refuses to start without it.
            required.Add("AddFieldEncryption");
            required.Add("AddMfa");
        }

        required.Add(UseCompliance);
        var missing = required.Where(call => !global.RuntimeCalls.Contains(call)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var names = ControlNames(used);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ControlsWithoutRuntime,
            global.ApplicationBuilds[0],
            ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, string.Join(",", missing)),
            JoinAnd(names),
            names.Count == 1 ? "is" : "are",
            usage.Count == 1 ? "1 endpoint" : usage.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " endpoints",
            DescribeMissing(missing),
            names.Count == 1 ? "the control does nothing" : "the controls do nothing"));
    }

    private static List<string> ControlNames(RuntimeControls used)
    {
        var names = new List<string>(4);
        if ((used & RuntimeControls.Audited) != 0)
        {
            names.Add("[Audited]");
        }

        if ((used & RuntimeControls.RateLimited) != 0)
        {
            names.Add("[RateLimited]");
        }

        if ((used & RuntimeControls.Validated) != 0)
        {
            names.Add("[Validated]");
        }

        if ((used & RuntimeControls.RequireMfa) != 0)
        {
            names.Add("[RequireMfa]");
        }

        return names;
    }

    /// <summary>
    /// <c>AddCompliance().AddAuditing() or UseCompliance()</c> when the registration is missing,
    /// <c>AddRateLimiting() on AddCompliance()</c> when only a feature is.
    /// </summary>
    private static string DescribeMissing(List<string> missing)
    {
        var features = missing.Where(static call => call is not (AddCompliance or UseCompliance)).Select(static call => call + "()").ToList();
        var parts = new List<string>(2);
        if (missing.Contains(AddCompliance))
        {
            parts.Add("AddCompliance()" + string.Concat(features.Select(static f => "." + f)));
        }
        else if (features.Count > 0)
        {
            parts.Add(JoinAnd(features) + " on AddCompliance()");
        }

        if (missing.Contains(UseCompliance))
        {
            parts.Add("UseCompliance()");
        }

        return string.Join(" or ", parts);
    }

    private static string JoinAnd(IReadOnlyList<string> items)
        => items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];

    /// <summary>The endpoints of one compilation that carry runtime controls, filled by the endpoint actions.</summary>
    private sealed class Usage
    {
        // EndpointInfo has reference equality and the model caches one instance per endpoint.
        public ConcurrentDictionary<EndpointInfo, RuntimeControls> Endpoints { get; } = new();
    }
}
