using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Builds the code fixes insert with every framework or runtime name fully qualified
/// (<c>global::Ns.Type</c>) and annotated, so that <see cref="DocumentCleanup.FinishAsync"/> has
/// Roslyn add the imports (with the consumer's import settings) and reduce the names again.
/// </summary>
/// <remarks>
/// An extension method is called in its static form, <c>global::Ns.Extensions.Method(receiver)</c>:
/// Roslyn's import adder only imports namespaces that qualify a name (a reduced call such as
/// <c>app.UseHsts()</c> does not bind until its namespace is imported, so nothing in it names the
/// namespace), and its simplifier turns the static call back into <c>receiver.Method()</c> once the
/// namespace is imported; when the import cannot be added the static call stays and still compiles.
/// </remarks>
internal static class ExpressionFactory
{
    private const string GlobalPrefix = "global::";

    public static ExpressionSyntax True => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary><c>global::Ns.Type</c>, for code built as text and parsed (then passed to <see cref="Annotate{TNode}"/>).</summary>
    public static string Qualified(string typeMetadataName) => GlobalPrefix + typeMetadataName;

    /// <summary>The type's name where a type is expected (<c>new T()</c>, an attribute).</summary>
    public static NameSyntax TypeName(string typeMetadataName) => ForCleanup(SyntaxFactory.ParseName(Qualified(typeMetadataName)));

    /// <summary>The type's name as an expression, the receiver of a static member access.</summary>
    public static ExpressionSyntax TypeExpression(string typeMetadataName) => ForCleanup(SyntaxFactory.ParseExpression(Qualified(typeMetadataName)));

    /// <summary><c>Type.Member</c>: an enum member, a static property or method group.</summary>
    public static ExpressionSyntax StaticMember(string typeMetadataName, string member)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeExpression(typeMetadataName), SyntaxFactory.IdentifierName(member))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// <c>receiver.Method(arguments)</c> for the extension method <paramref name="method"/> of
    /// <paramref name="typeMetadataName"/>, built in its static form (see the remarks of the class).
    /// The simplifier reduces the annotated call and name only, so a receiver taken from the
    /// document keeps its text.
    /// </summary>
    public static InvocationExpressionSyntax ExtensionCall(string typeMetadataName, string method, ExpressionSyntax receiver, IEnumerable<ArgumentSyntax>? arguments = null)
    {
        var allArguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(receiver) };
        allArguments.AddRange(arguments ?? Array.Empty<ArgumentSyntax>());
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeExpression(typeMetadataName), SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(allArguments)))
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>
    /// Annotates the <c>global::</c>-qualified names of code parsed from text (built with
    /// <see cref="Qualified"/>): each name with the member accesses written on it, and the call when
    /// it is one, so a static call of an extension method is reduced as well.
    /// </summary>
    public static TNode Annotate<TNode>(TNode parsed)
        where TNode : SyntaxNode
    {
        var targets = new HashSet<SyntaxNode>();
        foreach (var name in parsed.DescendantNodesAndSelf().OfType<AliasQualifiedNameSyntax>())
        {
            if (!name.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword))
            {
                continue;
            }

            SyntaxNode top = name;
            while (top.Parent is QualifiedNameSyntax qualified && qualified.Left == top
                || top.Parent is MemberAccessExpressionSyntax member && member.Expression == top)
            {
                top = top.Parent;
            }

            targets.Add(top.Parent is InvocationExpressionSyntax invocation && invocation.Expression == top ? invocation : top);
        }

        return parsed.ReplaceNodes(targets, static (_, rewritten) => ForCleanup(rewritten));
    }

    private static TNode ForCleanup<TNode>(TNode node)
        where TNode : SyntaxNode
        => node.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
