using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// The <c>var app = builder.Build();</c> statement of a minimal-hosting program, where the fixes
/// of application-wide findings (reported on the <c>Build()</c> call) register services before it
/// and add middleware after it.
/// </summary>
internal static class ApplicationBuild
{
    /// <summary>
    /// Finds the statement when <paramref name="node"/> is a <c>WebApplicationBuilder.Build()</c> call
    /// declared as the only variable of a statement in a top-level program or a method body.
    /// </summary>
    public static (LocalDeclarationStatementSyntax Statement, string Builder)? Find(SyntaxNode? node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax builderName } } build
            || build.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Declaration.Variables.Count: 1 } declaration
            || declaration.Parent is not (BlockSyntax or GlobalStatementSyntax)
            || model.GetTypeInfo(build, cancellationToken).Type?.Name != "WebApplication")
        {
            return null;
        }

        return (declaration, builderName.Identifier.ValueText);
    }
}
