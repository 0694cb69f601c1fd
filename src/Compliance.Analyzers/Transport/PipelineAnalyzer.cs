using System.Collections.Concurrent;
using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP5001 and CMP5003, judged on the application's pipeline (top-level statements or
/// <c>Startup.Configure</c>): HTTPS redirection and HSTS, and security headers, must be added
/// outside development-only branches (in the body or in a helper it calls with the app). CMP5001
/// also covers HSTS shorter than a year, <c>RequireHttpsMetadata = false</c> outside development,
/// and plain-HTTP authority, metadata and base addresses.
/// Security headers are one fact about the application, not about each body that builds a
/// pipeline: CMP5003 is reported once per compilation, at the end, on the first pipeline, and not at
/// all when any pipeline of the application adds them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PipelineAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property listing the middleware the fix adds (comma-separated).</summary>
    internal const string MissingProperty = "Missing";

    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    /// <summary>
    /// Header middleware known by name: Compliance.Runtime's and NetEscapades' <c>UseSecurityHeaders</c>,
    /// NWebsec's <c>UseXContentTypeOptions</c> and <c>UseCsp</c>. Matched by method name, as configured
    /// equivalents are, so a pipeline counts whichever package defines them.
    /// </summary>
    private static readonly string[] ThirdPartyHeaderMiddleware = ["UseSecurityHeaders", "UseXContentTypeOptions", "UseCsp"];

    public PipelineAnalyzer()
        : base(Descriptors.HttpsNotEnforced, Descriptors.SecurityHeadersMissing)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.HasAspNetCore;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var headers = new ApplicationHeaders();
        context.RegisterOperationBlockAction(c => AnalyzeBody(c, headers));
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterCompilationEndAction(headers.ReportWhenNoPipelineAddsThem);
    }

    private static void AnalyzeBody(OperationBlockAnalysisContext context, ApplicationHeaders headers)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (ApplicationPipeline.TryCreate(block, context.OwningSymbol, context.CancellationToken) is not { } pipeline)
            {
                continue;
            }

            var location = pipeline.Anchor is IInvocationOperation build ? build.Syntax.GetLocation() : context.OwningSymbol.Locations[0];
            // Either control enforces HTTPS for the API clients it matters to: redirection for every
            // client, HSTS for browsers. Pure APIs commonly use redirection alone (as the webapi
            // template does), so only a pipeline with neither is reported.
            if (!pipeline.Calls("UseHsts") && !pipeline.Calls("UseHttpsRedirection"))
            {
                var missing = new List<string> { "UseHsts", "UseHttpsRedirection" };
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.HttpsNotEnforced,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, string.Join(",", missing)),
                    $"The pipeline does not call {string.Join(" or ", missing.Select(static m => m + "()"))} outside development, so requests can travel over plain HTTP"));
            }

            var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(block.Syntax.SyntaxTree);
            var equivalents = ComplianceOptions.TransportSecurityHeadersEquivalents.Get(options);
            var addsHeaders = ThirdPartyHeaderMiddleware.Any(pipeline.Calls)
                || pipeline.Calls("UseCompliance")
                || equivalents.Any(pipeline.Calls)
                || SecurityHeaderMiddleware.IsAddedBy(block, context.CancellationToken);
            headers.Record(location, addsHeaders);
        }
    }

    /// <summary>The pipelines of one compilation and whether any of them adds security headers.</summary>
    private sealed class ApplicationHeaders
    {
        private readonly ConcurrentBag<Location> _pipelinesWithoutHeaders = new();
        private int _anyPipelineAddsHeaders;

        public void Record(Location pipeline, bool addsHeaders)
        {
            if (addsHeaders)
            {
                Interlocked.Exchange(ref _anyPipelineAddsHeaders, 1);
            }
            else
            {
                _pipelinesWithoutHeaders.Add(pipeline);
            }
        }

        public void ReportWhenNoPipelineAddsThem(CompilationAnalysisContext context)
        {
            if (Volatile.Read(ref _anyPipelineAddsHeaders) != 0 || _pipelinesWithoutHeaders.IsEmpty)
            {
                return;
            }

            // The first pipeline in source order, so the one diagnostic does not move between builds.
            var first = _pipelinesWithoutHeaders
                .OrderBy(static location => location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(static location => location.SourceSpan.Start)
                .First();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SecurityHeadersMissing,
                first,
                ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, "UseSecurityHeaders")));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(assignment))
        {
            return;
        }

        string? message = property.Name switch
        {
            "MaxAge" when property.ContainingType.Name == "HstsOptions" && TimeSpanFolding.TryGetMinutes(assignment.Value, out var minutes) && TimeSpan.FromMinutes(minutes) < OneYear
                => $"HSTS with a max-age of {TimeSpan.FromMinutes(minutes).TotalDays:0.#} days lets browsers fall back to HTTP too soon; use at least 365 days",
            "RequireHttpsMetadata" when assignment.Value.ConstantValue is { HasValue: true, Value: false }
                => "RequireHttpsMetadata = false fetches signing keys and metadata over plain HTTP outside development",
            "Authority" or "MetadataAddress" or "BaseAddress" or "Issuer" when PlainHttpUrl(assignment.Value) is { } url
                => $"{property.Name} uses the plain-HTTP address '{url}'; use https://",
            _ => null,
        };

        if (message is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HttpsNotEnforced, assignment.Syntax.GetLocation(), message));
        }
    }

    private static string? PlainHttpUrl(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IObjectCreationOperation { Type.Name: "Uri", Arguments.Length: >= 1 } creation)
        {
            value = creation.Arguments[0].Value;
        }

        if (value.ConstantValue is not { HasValue: true, Value: string url } || !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = url.Substring("http://".Length);
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest.Substring(0, authorityEnd);
        var path = authorityEnd < 0 ? "" : rest.Substring(authorityEnd);
        var queryStart = path.IndexOfAny(['?', '#']);

        // The message shows the address without user info, query or fragment: those are where
        // passwords and tokens (SAS signatures, API keys) travel, and messages must not echo secrets.
        var hostAndPort = authority.Substring(authority.LastIndexOf('@') + 1);
        var host = hostAndPort.Split(':')[0].ToLowerInvariant();
        return host is "localhost" or "127.0.0.1" or "[" or "" || host.EndsWith(".localhost", StringComparison.Ordinal)
            ? null
            : "http://" + hostAndPort + (queryStart < 0 ? path : path.Substring(0, queryStart));
    }
}
