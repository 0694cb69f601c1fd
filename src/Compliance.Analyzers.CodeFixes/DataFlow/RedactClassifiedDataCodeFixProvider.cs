using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>
/// Fixes CMP2001–CMP2003 by wrapping the value that carries classified data in
/// <c>Redact.Value(...)</c> (a fixed marker) or, for strings, <c>Redact.Hash(...)</c> (a keyed,
/// stable pseudonym that still correlates entries), importing <c>Compliance.Runtime</c>; and, where
/// the code has an <c>IRedactorProvider</c> in scope and the value is [Phi]/[Pii] itself, with the
/// platform's redactor for its classification (<see cref="PlatformRedactionEditing"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RedactClassifiedDataCodeFixProvider)), Shared]
public sealed class RedactClassifiedDataCodeFixProvider : ComplianceCodeFixProvider
{
    public const string RedactValueSuffix = ".RedactValue";
    public const string RedactHashSuffix = ".RedactHash";
    public const string RedactorProviderSuffix = ".RedactorProvider";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RuleIds.ClassifiedDataInLog,
        RuleIds.ClassifiedDataInException,
        RuleIds.ClassifiedDataInTelemetry);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || !RedactionEditing.RedactAvailable(model.Compilation))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var expression = RedactionEditing.FindExpression(root, diagnostic);
            if (expression is null || !RedactionEditing.AcceptsString(model, expression, context.CancellationToken))
            {
                continue;
            }

            RegisterCodeFix(
                context,
                diagnostic,
                "Redact the value (Redact.Value)",
                ct => RedactionEditing.WrapAsync(context.Document, expression, "Value", ct),
                diagnostic.Id + RedactValueSuffix);

            if (RedactionEditing.IsString(model, expression, context.CancellationToken))
            {
                RegisterCodeFix(
                    context,
                    diagnostic,
                    "Replace with a keyed pseudonym for correlation (Redact.Hash)",
                    ct => RedactionEditing.WrapAsync(context.Document, expression, "Hash", ct),
                    diagnostic.Id + RedactHashSuffix);
            }

            if (PlatformRedactionEditing.Plan(model, expression, context.Document.Project.AnalyzerOptions, context.CancellationToken) is { } plan)
            {
                RegisterCodeFix(
                    context,
                    diagnostic,
                    $"Redact with the platform's redactor ({plan.Provider}.GetRedactor(HipaaTaxonomy.{plan.Classification}))",
                    ct => PlatformRedactionEditing.WrapAsync(context.Document, expression, plan.Provider, plan.Classification, ct),
                    diagnostic.Id + RedactorProviderSuffix);
            }
        }
    }
}
