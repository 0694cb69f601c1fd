using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Infers where a handler parameter is bound from, following the framework's rules: explicit
/// binding attributes first, then special types, simple (parsable) types, services, and finally
/// complex types (a JSON body for <c>[ApiController]</c> actions and minimal APIs, model binding
/// from form and query for other controllers and pages).
/// </summary>
internal static class ParameterBinding
{
    /// <summary>True when the body of <paramref name="handler"/> reads the request form itself (<c>Request.Form</c>, <c>ReadFormAsync</c>).</summary>
    public static bool ReadsFormDirectly(IMethodSymbol handler)
    {
        foreach (var reference in handler.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (!SourceTextSearch.Mentions(syntax, "Form"))
            {
                continue;
            }

            foreach (var node in syntax.DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Form" or "ReadFormAsync" })
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static BindingSource Classify(ISymbol symbol, ITypeSymbol type, EndpointKind kind, bool isApiController, EndpointSymbols symbols, GlobalEndpointPolicy global)
    {
        // [BindNever] on the parameter, property or type: model binding never fills it from the
        // request, so nothing the client sends reaches it.
        if (EndpointSymbols.HasAttribute(symbol, symbols.BindNeverAttribute) || EndpointSymbols.HasAttribute(type, symbols.BindNeverAttribute))
        {
            return BindingSource.Scalar;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            var attributeType = attribute.AttributeClass;
            if (attributeType.IsOrImplementsDefinition(symbols.FromServices) || attributeType.InheritsFromOrEqualsDefinition(symbols.FromKeyedServices))
            {
                return BindingSource.Scalar;
            }

            if (attributeType.IsOrImplementsDefinition(symbols.FromBody))
            {
                return BindingSource.Body;
            }

            if (attributeType.IsOrImplementsDefinition(symbols.FromForm))
            {
                return BindingSource.Form;
            }

            if (attributeType.InheritsFromOrEqualsDefinition(symbols.AsParameters))
            {
                return BindingSource.ComplexQuery;
            }

            if (attributeType.IsOrImplementsDefinition(symbols.FromQuery))
            {
                // A query value of a type the compiler cannot resolve (half-typed code, a reference
                // that did not load) is most often an enum or a list of them: not claimed as an object.
                return IsSimple(type) || IsUnresolved(type) ? BindingSource.Scalar : BindingSource.ComplexQuery;
            }

            if (attributeType.IsOrImplementsDefinition(symbols.FromRoute) || attributeType.IsOrImplementsDefinition(symbols.FromHeader))
            {
                return BindingSource.Scalar;
            }
        }

        if (IsFormType(type, symbols))
        {
            return BindingSource.Form;
        }

        if (IsSimple(type) || IsService(type, global))
        {
            return BindingSource.Scalar;
        }

        return kind switch
        {
            EndpointKind.MinimalApi => BindingSource.Body,
            EndpointKind.Controller when isApiController => BindingSource.Body,
            _ => BindingSource.ModelBinding,
        };
    }

    /// <summary>
    /// True for a simple value of a controller action without <c>[ApiController]</c> and without a
    /// binding source: MVC's value providers try the form first (then route, then query string), so
    /// a cross-site form can set it, where <c>[ApiController]</c> would take it from the route or
    /// query only.
    /// </summary>
    public static bool SimpleValueFromForm(ISymbol symbol, ITypeSymbol type, bool isApiController, EndpointSymbols symbols)
    {
        if (isApiController || !IsSimple(type))
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            var attributeType = attribute.AttributeClass;
            if (attributeType.IsOrImplementsDefinition(symbols.FromServices) || attributeType.InheritsFromOrEqualsDefinition(symbols.FromKeyedServices)
                || attributeType.IsOrImplementsDefinition(symbols.FromBody) || attributeType.IsOrImplementsDefinition(symbols.FromQuery)
                || attributeType.IsOrImplementsDefinition(symbols.FromRoute) || attributeType.IsOrImplementsDefinition(symbols.FromHeader))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFormType(ITypeSymbol type, EndpointSymbols symbols)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum)
        {
            // Primitives, strings and enums: most parameters, and none of them is a form.
            return false;
        }

        if (type.IsOrImplementsDefinition(symbols.FormFile) || type.IsOrImplementsDefinition(symbols.FormFileCollection) || type.IsOrImplementsDefinition(symbols.FormCollection))
        {
            return true;
        }

        return ElementType(type) is { } element && element.IsOrImplementsDefinition(symbols.FormFile);
    }

    /// <summary>Types bound from one route, query or header value: primitives, enums, well-known value types, and types with <c>TryParse</c> or <c>BindAsync</c>.</summary>
    /// <summary>True for a type, or the element type of a collection, that the compiler cannot resolve.</summary>
    public static bool IsUnresolved(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.TypeKind == TypeKind.Error || (ElementType(type) is { } element && IsUnresolved(element));
    }

    public static bool IsSimple(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.SpecialType is not SpecialType.None and not SpecialType.System_Object || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (ElementType(type) is { } element && type.SpecialType != SpecialType.System_String)
        {
            return IsSimple(element);
        }

        if (type.ContainingNamespace.IsNamespace("System")
            && type.Name is "Guid" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan" or "Uri" or "Version" or "Half" or "Int128" or "UInt128")
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: true, Name: "TryParse" or "BindAsync" })
                {
                    return true;
                }

                // A value parsed from one string (PartialDateTime.Parse(string)): bound by a type
                // converter or a model binder of the application, as MVC binds DateTimeOffset.
                if (member is IMethodSymbol { IsStatic: true, Name: "Parse", Parameters.Length: 1 } parse
                    && parse.Parameters[0].Type.SpecialType == SpecialType.System_String
                    && SymbolEqualityComparer.Default.Equals(parse.ReturnType, type))
                {
                    return true;
                }
            }
        }

        // [TypeConverter] on the type: MVC's simple-type binder converts it from the request's string.
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "TypeConverterAttribute", ContainingNamespace: { Name: "ComponentModel", ContainingNamespace.Name: "System" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Services resolved from dependency injection rather than bound: registered types, framework
    /// and abstract types, and classes that expose behaviour but no bindable state.
    /// </summary>
    private static bool IsService(ITypeSymbol type, GlobalEndpointPolicy global)
    {
        if (type.TypeKind is TypeKind.Interface or TypeKind.Delegate || type.IsAbstract || global.Services.Contains(type) || global.Services.Contains(type.OriginalDefinition))
        {
            return true;
        }

        if (ElementType(type) is null && (type.ContainingNamespace.IsWithinNamespace("Microsoft") || type.ContainingNamespace.IsWithinNamespace("System")))
        {
            return true;
        }

        if (type.TypeKind != TypeKind.Class || ElementType(type) is not null)
        {
            return false;
        }

        var hasState = false;
        var hasBehaviour = false;
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IPropertySymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsIndexer: false }:
                    hasState = true;
                    break;
                case IMethodSymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false, MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false }:
                    hasBehaviour = true;
                    break;
            }
        }

        return hasBehaviour && !hasState;
    }

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            foreach (var implemented in named.AllInterfaces)
            {
                if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return named.TypeArguments[0];
                }
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return named.TypeArguments[0];
            }
        }

        return null;
    }
}
