using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>Whether the framework's own model validation enforces rules on what an endpoint binds.</summary>
internal static class ValidationRules
{
    private static readonly HashSet<string> ValidateCalls = new(StringComparer.Ordinal)
    {
        "Validate", "ValidateAsync", "ValidateAndThrow", "ValidateAndThrowAsync", "TryValidateObject", "ValidateObject", "TryValidateModel",
    };

    /// <summary>
    /// True when what the endpoint binds into <paramref name="parameter"/> is validated before the
    /// handler relies on it: a registered validator for its type, a validation call on it in the
    /// handler, or model validation the framework enforces (<c>[ApiController]</c>, a
    /// <c>ModelState.IsValid</c> check in the handler or in a global action filter) over rules the
    /// type or the parameter itself declares.
    /// </summary>
    public static bool Validates(EndpointInfo endpoint, EndpointParameter parameter, EndpointModel model)
    {
        if (model.Validators.Validates(parameter.Type) || ValidatesManually(endpoint.Handler, parameter.Name))
        {
            return true;
        }

        // A rule nobody enforces is no validation: without [ApiController] or a ModelState check,
        // MVC records the failure and runs the action anyway, and minimal APIs ignore the
        // attributes unless .NET 10 validation (already a control of its own) is on.
        var enforced = endpoint.Kind != EndpointKind.MinimalApi
            && (endpoint.IsApiController
                || ChecksModelState(endpoint.Handler)
                || (endpoint.Kind == EndpointKind.Controller && (model.Global.ModelStateFilter || HasModelStateFilterAttribute(endpoint, model.Symbols))));

        // With enforcement in place, a bound type the compiler cannot resolve (a model from a
        // reference that did not load) may well declare rules: it is not claimed to be unvalidated.
        return enforced
            && (ParameterBinding.IsUnresolved(parameter.Type)
                || DeclaresRules(parameter.Type, model.Symbols)
                || EndpointSymbols.HasAttribute(parameter.Symbol, model.Symbols.ValidationAttribute));
    }

    /// <summary>
    /// A filter attribute on the action, its controller or a base controller whose
    /// <c>OnActionExecuting</c> checks <c>ModelState.IsValid</c> (<c>[ValidateModelState]</c>): the
    /// per-controller form of a global ModelState filter. <c>[ServiceFilter(typeof(T))]</c> and
    /// <c>[TypeFilter(typeof(T))]</c> apply the filter <c>T</c> the same way, resolved from services.
    /// </summary>
    private static bool HasModelStateFilterAttribute(EndpointInfo endpoint, EndpointSymbols symbols)
    {
        if (AnyChecksModelState(endpoint.Handler.GetAttributes(), symbols))
        {
            return true;
        }

        for (var type = endpoint.DeclaringType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            if (AnyChecksModelState(type.GetAttributes(), symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyChecksModelState(ImmutableArray<AttributeData> attributes, EndpointSymbols symbols)
    {
        foreach (var attribute in attributes)
        {
            if (AppliedFilter(attribute, symbols) is { } filter && FilterChecksModelState(filter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The filter an attribute applies: itself, or the type named by <c>[ServiceFilter]</c>/<c>[TypeFilter]</c>.</summary>
    private static INamedTypeSymbol? AppliedFilter(AttributeData attribute, EndpointSymbols symbols)
    {
        if (attribute.AttributeClass is not { } attributeClass)
        {
            return null;
        }

        if (attributeClass.InheritsFromOrEqualsDefinition(symbols.ServiceFilter) || attributeClass.InheritsFromOrEqualsDefinition(symbols.TypeFilter))
        {
            return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol filter } ? filter : null;
        }

        return attributeClass;
    }

    /// <summary>
    /// True when an action filter's <c>OnActionExecuting</c> / <c>OnActionExecutionAsync</c> (its own
    /// or a base class's in source) checks <c>ModelState.IsValid</c>.
    /// </summary>
    public static bool FilterChecksModelState(INamedTypeSymbol filter)
    {
        for (var current = filter; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { Name: "OnActionExecuting" or "OnActionExecutionAsync" } method && ChecksModelState(method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when the handler passes the bound value to a validation call itself
    /// (<c>validator.ValidateAsync(model)</c>, <c>Validator.TryValidateObject(model, ...)</c>, <c>TryValidateModel(model)</c>).
    /// </summary>
    private static bool ValidatesManually(IMethodSymbol handler, string name)
    {
        foreach (var reference in handler.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && SyntaxNames.Invoked(invocation) is { } called && ValidateCalls.Contains(called))
                {
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        if (argument.Expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

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
