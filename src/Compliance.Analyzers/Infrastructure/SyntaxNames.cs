using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// The simple names calls and assignments use, read from syntax alone: the cheap first test of
/// the whole-compilation scans, before any candidate is bound.
/// </summary>
internal static class SyntaxNames
{
    /// <summary><c>a.Use()</c>, <c>a?.Use()</c>, <c>Use()</c>, <c>a.Add&lt;T&gt;()</c> → the method's simple name; null for a delegate expression.</summary>
    public static string? Invoked(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary><c>o.Secure = …</c>, <c>Secure = …</c> (simple assignments only) → the assigned member's simple name.</summary>
    public static string? Assigned(AssignmentExpressionSyntax assignment)
        => !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            ? null
            : assignment.Left switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
}
