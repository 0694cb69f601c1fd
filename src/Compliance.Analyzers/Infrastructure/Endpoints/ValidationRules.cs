using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>Whether the framework's own model validation enforces rules on what an endpoint binds.</summary>
internal static class ValidationRules
{
    /// <summary>
    /// True when the type declares validation rules: a <c>ValidationAttribute</c> on a property or
    /// record constructor parameter, or <c>IValidatableObject</c>.
    /// </summary>
    public static bool DeclaresRules(ITypeSymbol type, EndpointSymbols symbols)
    {
        if (symbols.ValidationAttribute is null)
        {
            return false;
        }

        if (type.IsOrImplementsDefinition(symbols.ValidatableObject))
        {
            return true;
        }

        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case IPropertySymbol property when EndpointSymbols.HasAttribute(property, symbols.ValidationAttribute):
                        return true;
                    case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (EndpointSymbols.HasAttribute(parameter, symbols.ValidationAttribute))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }
        }

        return false;
    }

    /// <summary>True when the handler checks <c>ModelState.IsValid</c> itself.</summary>
    public static bool ChecksModelState(IMethodSymbol handler)
    {
        foreach (var reference in handler.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsValid", Expression: var target }
                    && target.ToString().EndsWith("ModelState", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
