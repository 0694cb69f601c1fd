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
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Fixes CMP3007 in a top-level (or Main) program, writing only what is missing:
/// <c>builder.Services.AddCompliance()</c> with the features the controls need, before
/// <c>var app = builder.Build();</c> (or the features appended to an existing <c>AddCompliance()</c>
/// statement there), and <c>app.UseCompliance();</c> where the runtime requires it: before an
/// explicit <c>UseAuthorization()</c>, else after <c>UseAuthentication()</c> / <c>UseRouting()</c>,
/// else before the first endpoint is mapped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ComplianceRuntimeCodeFixProvider)), Shared]
public sealed class ComplianceRuntimeCodeFixProvider : ComplianceCodeFixProvider
{
    public const string RegisterRuntimeKey = RuleIds.ControlsWithoutRuntime + ".RegisterRuntime";

    private const string ServiceExtensions = "Microsoft.Extensions.DependencyInjection.ComplianceServiceCollectionExtensions";
    private const string ApplicationExtensions = "Microsoft.AspNetCore.Builder.ComplianceApplicationBuilderExtensions";
    private const string AddCompliance = ComplianceRuntimeRegistrationAnalyzer.AddCompliance;
    private const string UseCompliance = ComplianceRuntimeRegistrationAnalyzer.UseCompliance;

    /// <summary>The runtime's extension class of each feature the analyzer can ask for (<c>AddAuditing()</c> on <c>ComplianceBuilder</c>).</summary>
    internal static readonly IReadOnlyDictionary<string, string> FeatureExtensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AddAuditing"] = "Microsoft.Extensions.DependencyInjection.AuditingComplianceBuilderExtensions",
        ["AddFieldEncryption"] = "Microsoft.Extensions.DependencyInjection.FieldEncryptionComplianceBuilderExtensions",
        ["AddMfa"] = "Microsoft.Extensions.DependencyInjection.MfaComplianceBuilderExtensions",
        ["AddRateLimiting"] = "Microsoft.Extensions.DependencyInjection.RateLimitingComplianceBuilderExtensions",
        ["AddValidation"] = "Microsoft.Extensions.DependencyInjection.ValidationComplianceBuilderExtensions",
    };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ControlsWithoutRuntime);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || KnownTypes.For(model.Compilation).Get(ServiceExtensions) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ComplianceRuntimeRegistrationAnalyzer.MissingProperty, out var missingText) || string.IsNullOrEmpty(missingText)
                || ApplicationBuild.Find(FindNode(root, diagnostic, getInnermostNodeForTie: true), model, context.CancellationToken) is not var (statement, builder))
            {
                continue;
            }

            var missing = missingText!.Split(',');
            if (missing.Any(static call => call is not (AddCompliance or UseCompliance) && !FeatureExtensions.ContainsKey(call)))
            {
                continue;
            }

            RegisterCodeFix(
                context,
                diagnostic,
                "Register Compliance.Runtime (AddCompliance and UseCompliance)",
                ct => FixAsync(context.Document, statement, builder, missing, ct),
                RegisterRuntimeKey);
        }
    }

    private static async Task<Document> FixAsync(Document document, LocalDeclarationStatementSyntax buildStatement, string builder, string[] missing, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var eol = await LineEndings.OfAsync(document, cancellationToken).ConfigureAwait(false);
        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var app = buildStatement.Declaration.Variables[0].Identifier.ValueText;
        var anchor = buildStatement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : buildStatement;
        var siblings = Siblings(anchor);
        var buildIndex = siblings.IndexOf(anchor);

        var features = missing.Where(static call => call is not (AddCompliance or UseCompliance)).ToList();
        if (missing.Contains(AddCompliance) || (features.Count > 0 && !AppendToExistingRegistration(editor, model, siblings, buildIndex, features, cancellationToken)))
        {
            var registration = WithFeatures(ExpressionFactory.ExtensionCall(ServiceExtensions, AddCompliance, SyntaxFactory.ParseExpression($"{builder}.Services")), features);
            editor.InsertBefore(anchor, Wrap(anchor, SyntaxFactory.ExpressionStatement(registration).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol))));
        }

        if (missing.Contains(UseCompliance))
        {
            var useCall = ExpressionFactory.ExtensionCall(ApplicationExtensions, UseCompliance, SyntaxFactory.IdentifierName(app));
            var use = Wrap(anchor, SyntaxFactory.ExpressionStatement(useCall).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol)));
            var (target, before) = UseCompliancePosition(siblings, buildIndex, app);
            if (before)
            {
                editor.InsertBefore(target, use);
            }
            else
            {
                editor.InsertAfter(target, use);
            }
        }

        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="registration"/> with the feature calls chained on it (<c>.AddAuditing()</c>).</summary>
    private static ExpressionSyntax WithFeatures(ExpressionSyntax registration, IEnumerable<string> features)
        => features.Aggregate(registration, static (chain, feature) => ExpressionFactory.ExtensionCall(FeatureExtensions[feature], feature, chain));

    /// <summary>
    /// Appends the missing features to an <c>AddCompliance()</c> statement written before the build,
    /// so the registration stays one chain; false when there is none in this body.
    /// </summary>
    private static bool AppendToExistingRegistration(SyntaxEditor editor, SemanticModel model, IReadOnlyList<SyntaxNode> siblings, int buildIndex, IEnumerable<string> features, CancellationToken cancellationToken)
    {
        for (var i = buildIndex - 1; i >= 0; i--)
        {
            if (StatementOf(siblings[i]) is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax chain }
                && chain.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(static c => c.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: AddCompliance })
                && model.GetTypeInfo(chain, cancellationToken).Type?.Name == "ComplianceBuilder")
            {
                var extended = WithFeatures(chain.WithoutTrivia(), features).WithTriviaFrom(chain);
                editor.ReplaceNode(chain, extended);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <c>UseCompliance()</c> goes among the statements after the build: before an explicit
    /// <c>UseAuthorization()</c> (denied requests must be audited), else after the last
    /// <c>UseAuthentication()</c> or <c>UseRouting()</c> (limits and audit records need the user and
    /// the endpoint), else before the first statement that maps endpoints or runs the app, so the
    /// middleware written before it (HTTPS redirection, headers) runs first.
    /// </summary>
    internal static (SyntaxNode Target, bool Before) UseCompliancePosition(IReadOnlyList<SyntaxNode> siblings, int buildIndex, string app)
    {
        SyntaxNode? afterThis = null;
        for (var i = buildIndex + 1; i < siblings.Count; i++)
        {
            switch (FirstCallOn(StatementOf(siblings[i]), app))
            {
                case "UseAuthorization":
                    return (siblings[i], true);
                case "UseAuthentication" or "UseRouting":
                    afterThis = siblings[i];
                    break;
            }
        }

        if (afterThis is not null)
        {
            return (afterThis, false);
        }

        for (var i = buildIndex + 1; i < siblings.Count; i++)
        {
            if (FirstCallOn(StatementOf(siblings[i]), app) is { } name
                && (name.StartsWith("Map", StringComparison.Ordinal) || name is "Run" or "RunAsync" or "UseEndpoints" or "Start" or "StartAsync"))
            {
                return (siblings[i], true);
            }
        }

        return (siblings[buildIndex], false);
    }

    /// <summary>The first method called on <paramref name="app"/> in an expression statement (<c>app.MapGet(…).WithName(…)</c> gives <c>MapGet</c>).</summary>
    private static string? FirstCallOn(StatementSyntax? statement, string app)
    {
        var expression = statement switch
        {
            ExpressionStatementSyntax expressionStatement => expressionStatement.Expression,
            _ => null,
        };

        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        string? name = null;
        while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member })
        {
            name = member.Name.Identifier.ValueText;
            expression = member.Expression;
        }

        return expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == app ? name : null;
    }

    internal static List<SyntaxNode> Siblings(SyntaxNode anchor) => anchor.Parent switch
    {
        BlockSyntax block => block.Statements.ToList<SyntaxNode>(),
        CompilationUnitSyntax unit => unit.Members.Where(static m => m is GlobalStatementSyntax).ToList<SyntaxNode>(),
        _ => new List<SyntaxNode> { anchor },
    };

    private static StatementSyntax? StatementOf(SyntaxNode node) => node switch
    {
        GlobalStatementSyntax global => global.Statement,
        StatementSyntax statement => statement,
        _ => null,
    };

    internal static SyntaxNode Wrap(SyntaxNode anchor, StatementSyntax statement)
        => anchor is GlobalStatementSyntax
            ? SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation)
            : statement.WithAdditionalAnnotations(Formatter.Annotation);
}
