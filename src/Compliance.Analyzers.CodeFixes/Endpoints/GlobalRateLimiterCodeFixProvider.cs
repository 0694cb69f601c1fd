using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Endpoints;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Fixes the one CMP3002 of an application without any rate limiting, in a top-level (or Main)
/// program: ASP.NET Core's global limiter, a fixed window of 100 requests a minute per client
/// address (the Standard tier's limit), registered before <c>var app = builder.Build();</c>, and
/// <c>app.UseRateLimiter()</c> where <c>UseCompliance()</c> would go.
/// </summary>
/// <remarks>
/// The framework's limiter is written also when Compliance.Runtime is referenced: the runtime
/// limits only endpoints that carry a tier (it has no default tier), so <c>AddRateLimiting()</c>
/// alone would leave every endpoint unlimited, while its limiter chains an application's global
/// limiter after its tiers, so both work together once endpoints get tiers.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GlobalRateLimiterCodeFixProvider)), Shared]
public sealed class GlobalRateLimiterCodeFixProvider : ComplianceCodeFixProvider
{
    public const string AddGlobalLimiterKey = RuleIds.EndpointWithoutRateLimit + ".AddGlobalLimiter";

    private const string ServiceExtensions = "Microsoft.AspNetCore.Builder.RateLimiterServiceCollectionExtensions";
    private const string ApplicationExtensions = "Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EndpointWithoutRateLimit);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || KnownTypes.For(model.Compilation).Get(ServiceExtensions) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(EndpointRateLimitAnalyzer.ApplicationProperty)
                || ApplicationBuild.Find(FindNode(root, diagnostic, getInnermostNodeForTie: true), model, context.CancellationToken) is not var (statement, builder))
            {
                continue;
            }

            RegisterCodeFix(
                context,
                diagnostic,
                "Add a global rate limiter (100 requests a minute per client)",
                ct => FixAsync(context.Document, statement, builder, ct),
                AddGlobalLimiterKey);
        }
    }

    private static async Task<Document> FixAsync(Document document, LocalDeclarationStatementSyntax buildStatement, string builder, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var eol = await LineEndings.OfAsync(document, cancellationToken).ConfigureAwait(false);
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var app = buildStatement.Declaration.Variables[0].Identifier.ValueText;
        var anchor = buildStatement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : buildStatement;
        var siblings = ComplianceRuntimeCodeFixProvider.Siblings(anchor);
        var buildIndex = siblings.IndexOf(anchor);

        var partitioned = ExpressionFactory.Qualified("System.Threading.RateLimiting.PartitionedRateLimiter");
        var partition = ExpressionFactory.Qualified("System.Threading.RateLimiting.RateLimitPartition");
        var windowOptions = ExpressionFactory.Qualified("System.Threading.RateLimiting.FixedWindowRateLimiterOptions");
        var httpContext = ExpressionFactory.Qualified("Microsoft.AspNetCore.Http.HttpContext");
        var statusCodes = ExpressionFactory.Qualified("Microsoft.AspNetCore.Http.StatusCodes");
        var timeSpan = ExpressionFactory.Qualified("System.TimeSpan");

        // The client's address partitions anonymous and authenticated callers alike, so the limiter
        // works wherever it is placed in the pipeline; 429 tells clients to back off (the default is 503).
        var registration =
            $"{ExpressionFactory.Qualified(ServiceExtensions)}.AddRateLimiter({builder}.Services, options =>{eol}" +
            $"{{{eol}" +
            $"    options.RejectionStatusCode = {statusCodes}.Status429TooManyRequests;{eol}" +
            $"    options.GlobalLimiter = {partitioned}.Create<{httpContext}, string>(context =>{eol}" +
            $"        {partition}.GetFixedWindowLimiter({eol}" +
            $"            context.Connection.RemoteIpAddress?.ToString() ?? \"unknown\",{eol}" +
            $"            _ => new {windowOptions} {{ PermitLimit = 100, Window = {timeSpan}.FromMinutes(1) }}));{eol}" +
            $"}});{eol}";
        editor.InsertBefore(anchor, ComplianceRuntimeCodeFixProvider.Wrap(anchor, ExpressionFactory.Annotate(SyntaxFactory.ParseStatement(registration))));

        var use = ComplianceRuntimeCodeFixProvider.Wrap(anchor, ExpressionFactory.Annotate(SyntaxFactory.ParseStatement($"{ExpressionFactory.Qualified(ApplicationExtensions)}.UseRateLimiter({app});{eol}")));
        var (target, before) = ComplianceRuntimeCodeFixProvider.UseCompliancePosition(siblings, buildIndex, app);
        if (before)
        {
            editor.InsertBefore(target, use);
        }
        else
        {
            editor.InsertAfter(target, use);
        }

        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }
}
