using System.Collections.Immutable;
using Compliance.Analyzers.Endpoints;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Inventory;

/// <summary>
/// CMP9100 (inventory, only with <c>ComplianceReport=true</c>): one informational diagnostic per
/// endpoint whose properties carry what the shared <see cref="EndpointModel"/> resolves for it:
/// route, methods, handler, each control's state, and the facts the endpoint rules use to decide
/// whether a control is required (PHI handled, structured input, state-changing, authentication
/// tier). The rules' own diagnostics at the same location say which required control is missing,
/// so the report never decides compliance a second way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointInventoryAnalyzer : EndpointAnalyzer
{
    public EndpointInventoryAnalyzer()
        : base(Descriptors.InventoryEndpoint)
    {
    }

    protected override bool CanReport(Compilation compilation, AnalyzerOptions options) => ComplianceReportSwitch.IsOn(options);

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var facts = EndpointFacts.Of(endpoint, context);
        context.Report(
            Descriptors.InventoryEndpoint,
            endpoint,
            FixTargets.None,
            facts,
            endpoint.Display,
            facts[EndpointFacts.Authorization]!,
            facts[EndpointFacts.Audit]!,
            facts[EndpointFacts.RateLimit]!,
            facts[EndpointFacts.Validation]!,
            facts[EndpointFacts.Csrf]!,
            facts[EndpointFacts.Mfa]!);
    }
}

/// <summary>
/// The property names and values of <see cref="Descriptors.InventoryEndpoint"/>. Control states use
/// the vocabulary of the report's JSON schema (docs/schemas/compliance-report.schema.json), which
/// the runtime export (Compliance.Runtime's <c>ComplianceInventory</c>) uses too.
/// </summary>
public static class EndpointFacts
{
    public const string Kind = "kind";
    public const string Route = "route";
    public const string Methods = "methods";
    public const string Handler = "handler";
    public const string Authorization = "authorization";
    public const string Audit = "audit";
    public const string RateLimit = "rateLimit";
    public const string Validation = "validation";
    public const string Csrf = "csrf";
    public const string Mfa = "mfa";
    public const string Phi = "phi";
    public const string AuditScopeAll = "auditScopeAll";
    public const string Input = "input";
    public const string StateChanging = "stateChanging";
    public const string AuthenticationTier = "authenticationTier";
    public const string Paths = "paths";

    internal static ImmutableDictionary<string, string?> Of(EndpointInfo endpoint, EndpointContext context)
    {
        var auditEquivalents = context.Option(ComplianceOptions.EndpointsAuditEquivalents);
        var authorizationEquivalents = context.Option(ComplianceOptions.EndpointsAuthorizationEquivalents);
        var rateLimitEquivalents = context.Option(ComplianceOptions.EndpointsRateLimitEquivalents);
        var validationEquivalents = context.Option(ComplianceOptions.EndpointsValidationEquivalents);
        var antiforgeryEquivalents = context.Option(ComplianceOptions.EndpointsAntiforgeryEquivalents);

        var bindsForm = endpoint.ReadsFormDirectly;
        var inputs = new List<string>();
        foreach (var parameter in endpoint.Parameters)
        {
            bindsForm |= parameter.Source is BindingSource.Form or BindingSource.ModelBinding;
            if (parameter.IsStructuredInput)
            {
                inputs.Add(parameter.Source.ToString().ToLowerInvariant() + " " + parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + parameter.Name);
            }
        }

        var modelValidated = inputs.Count > 0;
        foreach (var parameter in endpoint.Parameters)
        {
            if (parameter.IsStructuredInput && !ValidationRules.Validates(endpoint, parameter, context.Model))
            {
                modelValidated = false;
                break;
            }
        }

        var minimalFormDefault = endpoint.Kind == EndpointKind.MinimalApi && bindsForm;
        var authorization = Join(endpoint, r => r.Authorization switch
        {
            AuthorizationState.Anonymous => "anonymous",
            AuthorizationState.Authorized => "authorized",
            _ => r.HasEquivalent(authorizationEquivalents) ? "equivalent" : "none",
        });
        var audit = Join(endpoint, r => r.Audited ? "audited" : r.HasEquivalent(auditEquivalents) ? "equivalent" : "none");
        var rateLimit = Join(endpoint, r => r.RateLimit switch
        {
            RateLimitState.Tier => "tier:" + r.RateLimitTier,
            RateLimitState.Policy => "policy",
            RateLimitState.Global => "global",
            RateLimitState.Disabled => "disabled",
            _ => r.HasEquivalent(rateLimitEquivalents) ? "equivalent" : "none",
        });
        var validation = JoinPaths(endpoint, path => ValidationState(path, modelValidated, validationEquivalents));
        var csrf = Join(endpoint, r => r.Antiforgery switch
        {
            AntiforgeryState.Validated => "validated",
            AntiforgeryState.Ignored => "ignored",
            _ when minimalFormDefault => "validated",
            _ when r.HasEquivalent(antiforgeryEquivalents) => "equivalent",
            _ => "default",
        });
        var mfa = JoinPaths(endpoint, static path => HasMark(path, ControlKind.RequireMfa) ? "required" : "none");

        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder[Kind] = endpoint.Kind switch
        {
            EndpointKind.Controller => "controller",
            EndpointKind.RazorPage => "page",
            _ => "minimal",
        };
        builder[Route] = endpoint.Route;
        builder[Methods] = string.Join(",", endpoint.HttpMethods);
        builder[Handler] = HandlerName(endpoint);
        builder[Authorization] = authorization;
        builder[Audit] = audit;
        builder[RateLimit] = rateLimit;
        builder[Validation] = validation;
        builder[Csrf] = csrf;
        builder[Mfa] = mfa;
        builder[Phi] = context.PhiReason(endpoint) ?? "";
        builder[AuditScopeAll] = context.Option(ComplianceOptions.EndpointsAuditScope) == AuditScope.All ? "true" : "false";
        builder[Input] = string.Join("; ", inputs);
        builder[StateChanging] = endpoint.IsStateChanging ? "true" : "false";
        builder[AuthenticationTier] = AuthenticationEndpoints.RequiredTier(endpoint) ?? "";
        builder[Paths] = endpoint.Paths.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return builder.ToImmutable();
    }

    private static string ValidationState(ControlPath path, bool modelValidated, IReadOnlyList<string> equivalents)
    {
        // The nearest validation mark decides, as in ResolvedControls; its detail tells
        // Compliance.Runtime's [Validated] from .NET's own minimal-API validation.
        foreach (var level in path.Levels)
        {
            foreach (var mark in level)
            {
                if (mark.Kind == ControlKind.ValidationDisabled)
                {
                    return "disabled";
                }

                if (mark.Kind == ControlKind.Validated)
                {
                    return mark.Detail == ControlMark.FrameworkValidation ? "framework" : "validated";
                }
            }
        }

        return path.Resolved.HasEquivalent(equivalents) ? "equivalent" : modelValidated ? "model" : "none";
    }

    private static bool HasMark(ControlPath path, ControlKind kind)
    {
        foreach (var level in path.Levels)
        {
            foreach (var mark in level)
            {
                if (mark.Kind == kind)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string HandlerName(EndpointInfo endpoint)
    {
        if (endpoint.Kind != EndpointKind.MinimalApi)
        {
            return (endpoint.DeclaringType?.ToDisplayString() ?? endpoint.Handler.ContainingType?.ToDisplayString()) + "." + endpoint.Handler.Name;
        }

        var containing = endpoint.Handler.ContainingType?.ToDisplayString() ?? "";
        return endpoint.Handler.MethodKind == MethodKind.AnonymousFunction
            ? "lambda in " + (endpoint.Handler.ContainingSymbol is IMethodSymbol outer ? outer.ContainingType?.ToDisplayString() + "." + outer.Name : containing)
            : containing + "." + endpoint.Handler.Name;
    }

    private static string Join(EndpointInfo endpoint, Func<ResolvedControls, string> state)
        => JoinPaths(endpoint, path => state(path.Resolved));

    /// <summary>One value when every way the endpoint is mapped agrees, else the distinct values joined by <c>|</c>.</summary>
    private static string JoinPaths(EndpointInfo endpoint, Func<ControlPath, string> state)
    {
        var values = new List<string>();
        foreach (var path in endpoint.Paths)
        {
            var value = state(path);
            if (!values.Contains(value))
            {
                values.Add(value);
            }
        }

        return values.Count == 0 ? "none" : string.Join("|", values);
    }
}
