using System.Collections.Immutable;
using System.Composition;
using System.Text;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Secrets;

/// <summary>
/// Two fixes for CMP1004: wrap the credential in <c>Redact.Value(…)</c> (adding
/// <c>using Compliance.Runtime;</c>), or remove it from the log entry: the interpolation hole, or
/// the structured argument together with its placeholder in a literal message template.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CredentialLogCodeFixProvider)), Shared]
public sealed class CredentialLogCodeFixProvider : ComplianceCodeFixProvider
{
    public const string RedactKey = RuleIds.CredentialInLog + ".Redact";
    public const string RemoveKey = RuleIds.CredentialInLog + ".RemoveFromLog";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CredentialInLog);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindNode(root, diagnostic, getInnermostNodeForTie: true) is not ExpressionSyntax credential)
            {
                continue;
            }

            if (KnownTypes.For(model.Compilation).Get(TypeNames.Redact) is not null)
            {
                RegisterCodeFix(context, diagnostic, "Redact with Redact.Value(…)", ct => RedactAsync(context.Document, credential, ct), RedactKey);
            }

            if (credential.Parent is InterpolationSyntax or ArgumentSyntax { Parent: ArgumentListSyntax } && CanRemove(credential))
            {
                RegisterCodeFix(context, diagnostic, "Remove the credential from the log entry", ct => RemoveAsync(context.Document, credential, ct), RemoveKey);
            }
        }
    }

    private static Task<Document> RedactAsync(Document document, ExpressionSyntax credential, CancellationToken cancellationToken)
    {
        var redacted = SyntaxFactory.InvocationExpression(
                ExpressionFactory.StaticMember(TypeNames.Redact, "Value"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(credential.WithoutTrivia()))))
            .WithTriviaFrom(credential);
        return DocumentCleanup.ReplaceAsync(document, credential, redacted, cancellationToken);
    }

    private static bool CanRemove(ExpressionSyntax credential)
        => credential.Parent is InterpolationSyntax || TemplateOf(credential) is not null;

    /// <summary>For a structured argument: the literal template and the index of the argument's placeholder.</summary>
    private static (LiteralExpressionSyntax Template, int Hole)? TemplateOf(ExpressionSyntax credential)
    {
        if (credential.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax list } argument)
        {
            return null;
        }

        var arguments = list.Arguments;
        var templateIndex = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                templateIndex = i;
                break;
            }
        }

        var position = arguments.IndexOf(argument);
        return templateIndex < 0 || position <= templateIndex
            ? null
            : ((LiteralExpressionSyntax)arguments[templateIndex].Expression, position - templateIndex - 1);
    }

    private static async Task<Document> RemoveAsync(Document document, ExpressionSyntax credential, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        if (credential.Parent is InterpolationSyntax { Parent: InterpolatedStringExpressionSyntax interpolated } hole)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(interpolated, WithoutHole(interpolated, hole)));
        }

        if (TemplateOf(credential) is not { } template || credential.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax list } argument)
        {
            return document;
        }

        var text = RemovePlaceholder(template.Template.Token.ValueText, template.Hole);
        var newTemplate = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text)).WithTriviaFrom(template.Template);
        var newList = list.ReplaceNode(template.Template, newTemplate);
        newList = newList.WithArguments(newList.Arguments.RemoveAt(list.Arguments.IndexOf(argument)));
        return document.WithSyntaxRoot(root.ReplaceNode(list, newList));
    }

    /// <summary>
    /// The interpolated string without <paramref name="hole"/>. The text on either side of the hole
    /// becomes one text part: the parser reads adjacent text as one token, and a tree that differs
    /// from what its own text parses to misleads every later edit of the document.
    /// </summary>
    private static InterpolatedStringExpressionSyntax WithoutHole(InterpolatedStringExpressionSyntax interpolated, InterpolationSyntax hole)
    {
        var contents = new List<InterpolatedStringContentSyntax>(interpolated.Contents.Count);
        foreach (var content in interpolated.Contents)
        {
            if (content == hole)
            {
                continue;
            }

            if (content is InterpolatedStringTextSyntax text && contents.Count > 0 && contents[contents.Count - 1] is InterpolatedStringTextSyntax previous)
            {
                var token = SyntaxFactory.Token(
                    previous.TextToken.LeadingTrivia,
                    SyntaxKind.InterpolatedStringTextToken,
                    previous.TextToken.Text + text.TextToken.Text,
                    previous.TextToken.ValueText + text.TextToken.ValueText,
                    text.TextToken.TrailingTrivia);
                contents[contents.Count - 1] = previous.WithTextToken(token);
                continue;
            }

            contents.Add(content);
        }

        return interpolated.WithContents(SyntaxFactory.List(contents));
    }

    /// <summary>Removes the <paramref name="index"/>-th <c>{Placeholder}</c> (escaped <c>{{</c> braces are text).</summary>
    internal static string RemovePlaceholder(string template, int index)
    {
        var builder = new StringBuilder(template.Length);
        var seen = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                builder.Append("{{");
                i++;
                continue;
            }

            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                if (end > i && seen++ == index)
                {
                    // Drop the placeholder and one space before it, so "with {Password}" does not leave "with ".
                    if (builder.Length > 0 && builder[builder.Length - 1] == ' ')
                    {
                        builder.Length--;
                    }

                    i = end;
                    continue;
                }
            }

            builder.Append(template[i]);
        }

        return builder.ToString();
    }
}
