using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// MVC controllers and actions, and Razor Pages handlers, found by ASP.NET Core's own rules
/// (ControllerFeatureProvider, the action and handler model providers) with controls resolved
/// nearest-first across the method, its overridden methods, the class and its base classes.
/// </summary>
internal static class ControllerDiscovery
{
    private static readonly string[] HandlerVerbs = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

    public static ImmutableArray<EndpointInfo> Discover(INamedTypeSymbol type, EndpointSymbols symbols, GlobalEndpointPolicy global)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.DeclaringSyntaxReferences.IsEmpty)
        {
            return ImmutableArray<EndpointInfo>.Empty;
        }

        if (type.InheritsFromOrEqualsDefinition(symbols.PageModel))
        {
            return DiscoverPageHandlers(type, symbols, global);
        }

        return IsController(type, symbols) ? DiscoverActions(type, symbols, global) : ImmutableArray<EndpointInfo>.Empty;
    }

    /// <summary>Public, top-level, non-generic, not [NonController], and named *Controller or [Controller] (inherited).</summary>
    public static bool IsController(INamedTypeSymbol type, EndpointSymbols symbols)
    {
        if (type.DeclaredAccessibility != Accessibility.Public || type.ContainingType is not null || type.IsGenericType || symbols.ControllerAttribute is null)
        {
            return false;
        }

        var named = type.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase);
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (EndpointSymbols.HasAttribute(current, symbols.NonControllerAttribute))
            {
                return false;
            }

            named = named || EndpointSymbols.HasAttribute(current, symbols.ControllerAttribute);
        }

        return named;
    }

    private static ImmutableArray<EndpointInfo> DiscoverActions(INamedTypeSymbol type, EndpointSymbols symbols, GlobalEndpointPolicy global)
    {
        var isApi = IsApiController(type, symbols);
        var classLevels = TypeLevels(type, symbols);
        var classRoute = FirstTemplate(type, symbols, inherit: true);
        var controllerName = type.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase) ? type.Name.Substring(0, type.Name.Length - "Controller".Length) : type.Name;
        var endpoints = ImmutableArray.CreateBuilder<EndpointInfo>();

        foreach (var method in PublicInstanceMethods(type))
        {
            if (method.IsGenericMethod || method.IsAbstract || method.MethodKind != MethodKind.Ordinary || IsNonAction(method, symbols) || IsDispose(method, type))
            {
                continue;
            }

            var levels = ImmutableArray.CreateBuilder<ImmutableArray<ControlMark>>();
            levels.Add(symbols.MarksOf(method.GetAttributes()));
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                levels.Add(symbols.MarksOf(overridden.GetAttributes(), inheritedOnly: true));
            }

            levels.AddRange(classLevels);
            levels.Add(global.ControllerMarks);

            var methods = HttpMethodsOf(method, symbols);
            var route = Route(classRoute, FirstTemplate(method, symbols, inherit: false), controllerName, method.Name);
            var parameters = ImmutableArray.CreateBuilder<EndpointParameter>();
            foreach (var parameter in method.Parameters)
            {
                var source = ParameterBinding.Classify(parameter, parameter.Type, EndpointKind.Controller, isApi, symbols, global);
                var simpleFormValue = source == BindingSource.Scalar && ParameterBinding.SimpleValueFromForm(parameter, parameter.Type, isApi, symbols);
                parameters.Add(new EndpointParameter(parameter.Name, parameter.Type, source, parameter, simpleFormValue));
            }

            var location = SymbolEqualityComparer.Default.Equals(method.ContainingType, type) ? method.Locations[0] : type.Locations[0];
            endpoints.Add(new EndpointInfo(
                EndpointKind.Controller,
                method,
                type,
                route,
                methods,
                parameters.ToImmutable(),
                ResponseTypes.Unwrap(method.ReturnType),
                ImmutableArray.Create(new ControlPath(levels.ToImmutable(), global.FallbackPolicy, global.GlobalLimiter)),
                location,
                isApi,
                ParameterBinding.ReadsFormDirectly(method)));
        }

        return endpoints.ToImmutable();
    }

    private static ImmutableArray<EndpointInfo> DiscoverPageHandlers(INamedTypeSymbol type, EndpointSymbols symbols, GlobalEndpointPolicy global)
    {
        // Razor Pages read filters, authorization and endpoint metadata from the page model class
        // only: attributes on handler methods are ignored by the framework, so they are not
        // counted here either.
        var levels = TypeLevels(type, symbols);
        levels = levels.Add(global.PageMarks);
        levels = levels.Add(ImmutableArray.Create(new ControlMark(ControlKind.AntiforgeryValidated)));
        var path = ImmutableArray.Create(new ControlPath(levels, global.FallbackPolicy, global.GlobalLimiter));
        var route = PageRoute(type);
        var bindsAll = false;
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.PageModel); current = current.BaseType)
        {
            bindsAll |= EndpointSymbols.HasAttribute(current, symbols.BindPropertiesAttribute);
        }

        var endpoints = ImmutableArray.CreateBuilder<EndpointInfo>();
        foreach (var method in PublicInstanceMethods(type))
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod || EndpointSymbols.HasAttribute(method, symbols.NonHandlerAttribute)
                || HandlerVerb(method.Name) is not { } verb)
            {
                continue;
            }

            var parameters = ImmutableArray.CreateBuilder<EndpointParameter>();
            foreach (var parameter in method.Parameters)
            {
                parameters.Add(new EndpointParameter(parameter.Name, parameter.Type, ParameterBinding.Classify(parameter, parameter.Type, EndpointKind.RazorPage, false, symbols, global), parameter));
            }

            foreach (var property in BoundProperties(type, symbols, bindsAll, verb == "GET"))
            {
                parameters.Add(new EndpointParameter(property.Name, property.Type, ParameterBinding.Classify(property, property.Type, EndpointKind.RazorPage, false, symbols, global), property));
            }

            var location = SymbolEqualityComparer.Default.Equals(method.ContainingType, type) ? method.Locations[0] : type.Locations[0];
            endpoints.Add(new EndpointInfo(
                EndpointKind.RazorPage,
                method,
                type,
                route,
                ImmutableArray.Create(verb),
                parameters.ToImmutable(),
                ResponseTypes.Unwrap(method.ReturnType),
                path,
                location,
                false,
                ParameterBinding.ReadsFormDirectly(method)));
        }

        return endpoints.ToImmutable();
    }

    /// <summary>On{Verb}[Name][Async] → the verb.</summary>
    private static string? HandlerVerb(string name)
    {
        if (!name.StartsWith("On", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var verb in HandlerVerbs)
        {
            if (string.CompareOrdinal(name, 2, verb, 0, verb.Length) == 0 && (name.Length == 2 + verb.Length || char.IsUpper(name[2 + verb.Length])))
            {
                return verb.ToUpperInvariant();
            }
        }

        return null;
    }

    private static IEnumerable<IPropertySymbol> BoundProperties(INamedTypeSymbol type, EndpointSymbols symbols, bool bindsAll, bool isGet)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.PageModel); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, SetMethod: not null, DeclaredAccessibility: Accessibility.Public } property || !seen.Add(property.Name))
                {
                    continue;
                }

                var bind = property.GetAttributes().FirstOrDefault(a => a.AttributeClass.InheritsFromOrEqualsDefinition(symbols.BindPropertyAttribute));
                if (bind is null && !bindsAll)
                {
                    continue;
                }

                var supportsGet = bind?.NamedArguments.Any(static n => n.Key == "SupportsGet" && n.Value.Value is true) == true;
                if (!isGet || supportsGet)
                {
                    yield return property;
                }
            }
        }
    }

    /// <summary>Public instance methods of the type and its bases (overrides once), stopping at framework base classes.</summary>
    private static IEnumerable<IMethodSymbol> PublicInstanceMethods(INamedTypeSymbol type)
    {
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.DeclaringSyntaxReferences.IsEmpty && IsFrameworkType(current))
            {
                yield break;
            }

            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false } method || overridden.Contains(method))
                {
                    continue;
                }

                if (method.OverriddenMethod is { } baseMethod)
                {
                    for (var m = baseMethod; m is not null; m = m.OverriddenMethod)
                    {
                        overridden.Add(m.OriginalDefinition);
                        overridden.Add(m);
                    }
                }

                yield return method;
            }
        }
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
        => type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore") || type.ContainingNamespace.IsWithinNamespace("System");

    private static bool IsNonAction(IMethodSymbol method, EndpointSymbols symbols)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (EndpointSymbols.HasAttribute(current, symbols.NonActionAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDispose(IMethodSymbol method, INamedTypeSymbol type)
    {
        if (method.Name != "Dispose" || !method.Parameters.IsEmpty)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_IDisposable)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsApiController(INamedTypeSymbol type, EndpointSymbols symbols)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (EndpointSymbols.HasAttribute(current, symbols.ApiBehaviorMetadata))
            {
                return true;
            }
        }

        return EndpointSymbols.HasAttribute(type.ContainingAssembly, symbols.ApiBehaviorMetadata);
    }

    /// <summary>Marks of the class and its base classes (only inheritable attributes from bases), nearest first.</summary>
    private static ImmutableArray<ImmutableArray<ControlMark>> TypeLevels(INamedTypeSymbol type, EndpointSymbols symbols)
    {
        var levels = ImmutableArray.CreateBuilder<ImmutableArray<ControlMark>>();
        levels.Add(symbols.MarksOf(type.GetAttributes()));
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            levels.Add(symbols.MarksOf(current.GetAttributes(), inheritedOnly: true));
        }

        return levels.ToImmutable();
    }

    private static ImmutableArray<string> HttpMethodsOf(IMethodSymbol method, EndpointSymbols symbols)
    {
        var methods = ImmutableArray.CreateBuilder<string>();
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (!attribute.AttributeClass.IsOrImplementsDefinition(symbols.ActionHttpMethodProvider))
                {
                    continue;
                }

                var name = attribute.AttributeClass!.Name;
                if (name.StartsWith("Http", StringComparison.Ordinal) && name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "HttpAttribute".Length)
                {
                    methods.Add(name.Substring(4, name.Length - 4 - "Attribute".Length).ToUpperInvariant());
                }
                else
                {
                    foreach (var argument in attribute.ConstructorArguments)
                    {
                        if (argument.Kind == TypedConstantKind.Array)
                        {
                            foreach (var item in argument.Values)
                            {
                                if (item.Value is string verb)
                                {
                                    methods.Add(verb.ToUpperInvariant());
                                }
                            }
                        }
                        else if (argument.Value is string verb)
                        {
                            methods.Add(verb.ToUpperInvariant());
                        }
                    }
                }
            }

            if (methods.Count > 0)
            {
                break;
            }
        }

        return methods.Distinct().ToImmutableArray();
    }

    private static string? FirstTemplate(ISymbol symbol, EndpointSymbols symbols, bool inherit)
    {
        for (var current = symbol; current is not null; current = inherit && current is INamedTypeSymbol named ? named.BaseType : null)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass.IsOrImplementsDefinition(symbols.RouteTemplateProvider)
                    && attribute.ConstructorArguments.Length >= 1
                    && attribute.ConstructorArguments[0].Value is string template)
                {
                    return template;
                }
            }
        }

        return null;
    }

    private static string Route(string? classTemplate, string? methodTemplate, string controller, string action)
    {
        string route;
        if (classTemplate is null && methodTemplate is null)
        {
            route = controller + "/" + action;
        }
        else if (methodTemplate is not null && (methodTemplate.StartsWith("/", StringComparison.Ordinal) || methodTemplate.StartsWith("~/", StringComparison.Ordinal)))
        {
            route = methodTemplate.TrimStart('~', '/');
        }
        else
        {
            route = ConventionChains.Combine(classTemplate ?? "", methodTemplate ?? "");
        }

        return route
            .Replace("[controller]", controller)
            .Replace("[action]", action)
            .TrimStart('/');
    }

    /// <summary>The page's route as conventionally derived from its model: Pages/Patients/EditModel → /Patients/Edit.</summary>
    private static string PageRoute(INamedTypeSymbol type)
    {
        var name = type.Name.EndsWith("Model", StringComparison.Ordinal) && type.Name.Length > "Model".Length ? type.Name.Substring(0, type.Name.Length - "Model".Length) : type.Name;
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        var index = ns.IndexOf(".Pages", StringComparison.Ordinal);
        var folder = index >= 0 ? ns.Substring(index + ".Pages".Length).Replace('.', '/') : "";
        return folder + "/" + name;
    }
}
