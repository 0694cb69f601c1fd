using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Builds expressions that name framework types fully qualified and annotated, so the code action
/// cleanup simplifies them and adds the <c>using</c> directive when the file lacks it.
/// </summary>
internal static class ExpressionFactory
{
    /// <summary><c>Namespace.Type.Member</c>, simplified to <c>Type.Member</c> with a using added.</summary>
    public static ExpressionSyntax EnumMember(string typeMetadataName, string member)
        => SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                TypeName(typeMetadataName),
                SyntaxFactory.IdentifierName(member))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>A type name, simplified with a using added.</summary>
    public static TypeSyntax TypeName(string typeMetadataName)
        => SyntaxFactory.ParseTypeName("global::" + typeMetadataName)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    public static ExpressionSyntax True => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
}
