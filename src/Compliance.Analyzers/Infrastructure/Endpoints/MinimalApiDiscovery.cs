using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Minimal APIs: <c>Map{Get,Post,Put,Delete,Patch}</c>, <c>MapMethods</c>, <c>MapFallback</c> and
/// <c>Map</c> with a delegate, on any <c>IEndpointRouteBuilder</c> (the application, a route group,
/// a builder passed to a helper). Unlike the framework's own analyzer, the four-argument
/// <c>MapMethods</c>, <c>MapFallback</c> and <c>MapGroup</c> chains are covered.
/// </summary>
internal static class MinimalApiDiscovery
{
    /// <summary>Cheap pre-check on the invoked method, before anything else is computed.</summary>
    public static bool IsMapCall(IMethodSymbol method)
        => method.Name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "MapFallback" or "Map"
            && method.ContainingType is { Name: "EndpointRouteBuilderExtensions" or "FallbackEndpointRouteBuilderExtensions" } type
            && type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Builder");

    public static EndpointInfo? Discover(IInvocationOperation invocation, EndpointSymbols symbols, GlobalEndpointPolicy global, ConventionChains chains)
    {
        var method = invocation.TargetMethod;
        if (!IsMapCall(method) || HandlerOf(invocation, symbols) is not { } handler)
        {
            return null;
        }

        var pattern = ConventionChains.ConstantArgument(invocation, "pattern") ?? (method.Name == "MapFallback" ? "{*path:nonfile}" : "?");
        var groups = chains.GroupsOf(ConventionChains.Receiver(invocation), 0);
        var endpointLevel = symbols.MarksOf(handler.GetAttributes()).AddRange(chains.MarksAbove(invocation));
        var globalLevel = global.MinimalValidation ? ImmutableArray.Create(new ControlMark(ControlKind.Validated, ControlMark.FrameworkValidation)) : ImmutableArray<ControlMark>.Empty;

        var paths = ImmutableArray.CreateBuilder<ControlPath>(groups.Length);
        foreach (var group in groups)
        {
            var levels = ImmutableArray.CreateBuilder<ImmutableArray<ControlMark>>(group.Levels.Length + 2);
            levels.Add(endpointLevel);
            levels.AddRange(group.Levels);
            levels.Add(globalLevel);
            paths.Add(new ControlPath(levels.MoveToImmutable(), global.FallbackPolicy, global.GlobalLimiter));
        }

        var route = ConventionChains.Combine(groups.IsEmpty ? "" : groups[0].Prefix, pattern);
        if (!route.StartsWith("/", StringComparison.Ordinal))
        {
            route = "/" + route;
        }

        var parameters = ImmutableArray.CreateBuilder<EndpointParameter>();
        foreach (var parameter in handler.Parameters)
        {
            parameters.Add(new EndpointParameter(parameter.Name, parameter.Type, ParameterBinding.Classify(parameter, parameter.Type, EndpointKind.MinimalApi, false, symbols, global), parameter));
        }

        var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
            ? member.Name.GetLocation()
            : invocation.Syntax.GetLocation();

        return new EndpointInfo(
            EndpointKind.MinimalApi,
            handler,
            null,
            route,
            HttpMethodsOf(invocation),
            parameters.ToImmutable(),
            ResponseTypes.Unwrap(handler.ReturnType),
            paths.ToImmutable(),
            location,
            false,
            ParameterBinding.ReadsFormDirectly(handler));
    }

    private static IMethodSymbol? HandlerOf(IInvocationOperation invocation, EndpointSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is not { } parameterType
                || !(parameterType.SpecialType == SpecialType.System_Delegate || SymbolEqualityComparer.Default.Equals(parameterType, symbols.RequestDelegate)))
            {
                continue;
            }

            var value = argument.Value.WalkDownConversionsAndParentheses();
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target.WalkDownConversionsAndParentheses();
            }

            return value switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
        }

        return null;
    }

    private static ImmutableArray<string> HttpMethodsOf(IInvocationOperation invocation)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "MapGet":
                return ImmutableArray.Create("GET");
            case "MapPost":
                return ImmutableArray.Create("POST");
            case "MapPut":
                return ImmutableArray.Create("PUT");
            case "MapDelete":
                return ImmutableArray.Create("DELETE");
            case "MapPatch":
                return ImmutableArray.Create("PATCH");
            case "MapMethods":
                var methods = ImmutableArray.CreateBuilder<string>();
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name != "httpMethods")
                    {
                        continue;
                    }

                    foreach (var operation in argument.Value.DescendantsAndSelf())
                    {
                        if (operation.ConstantValue is { HasValue: true, Value: string verb })
                        {
                            methods.Add(verb.ToUpperInvariant());
                        }
                    }
                }

                return methods.Distinct().ToImmutableArray();
            default:
                return ImmutableArray<string>.Empty;
        }
    }
}
