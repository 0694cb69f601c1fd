using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Fixes CMP3006 on controllers with <c>[ValidateAntiForgeryToken]</c>: on the action, or, as a
/// second choice, on the controller class (which protects every action of it).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AntiforgeryCodeFixProvider)), Shared]
public sealed class AntiforgeryCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string ValidateOnActionKey = RuleIds.StateChangingEndpointWithoutCsrfProtection + ".ValidateOnAction";
    public const string ValidateOnControllerKey = RuleIds.StateChangingEndpointWithoutCsrfProtection + ".ValidateOnController";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.StateChangingEndpointWithoutCsrfProtection);

    protected override string AttributeTitle => "[ValidateAntiForgeryToken]";

    protected override string AttributeMetadataName => "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute";

    protected override string ConventionName => "ValidateAntiForgeryToken";

    protected override string EquivalenceKey => ValidateOnActionKey;

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var fixable = diagnostics.Where(CanFix).ToImmutableArray();
        var target = context.CodeActionEquivalenceKey == ValidateOnControllerKey ? FixTargets.Class : null;
        return fixable.IsEmpty
            ? document
            : await LineEndings.RestoreAsync(document, await ApplyAsync(document, fixable, target, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    });

    protected override bool CanFix(Diagnostic diagnostic) => Target(diagnostic) is FixTargets.Method or FixTargets.Class;

    protected override void RegisterFixes(CodeFixContext context, Diagnostic diagnostic)
    {
        if (Target(diagnostic) == FixTargets.Method)
        {
            context.RegisterCodeFix(
                ComplianceCodeAction.Create("Add [ValidateAntiForgeryToken] to the action", context.Document, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), FixTargets.Method, ct), ValidateOnActionKey),
                diagnostic);
        }

        context.RegisterCodeFix(
            ComplianceCodeAction.Create("Add [ValidateAntiForgeryToken] to the controller", context.Document, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), FixTargets.Class, ct), ValidateOnControllerKey),
            diagnostic);
    }
}
