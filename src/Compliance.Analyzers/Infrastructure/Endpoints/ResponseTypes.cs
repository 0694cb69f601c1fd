using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>The payload a handler returns, without the wrappers around it.</summary>
internal static class ResponseTypes
{
    /// <summary>
    /// Unwraps <c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c>, <c>ActionResult&lt;T&gt;</c>, typed results
    /// (<c>Ok&lt;T&gt;</c>, <c>Created&lt;T&gt;</c>, …) and <c>Results&lt;…&gt;</c> (the first payload-carrying
    /// case). Returns null for <c>void</c>, <c>Task</c>, <c>IActionResult</c> and <c>IResult</c>.
    /// </summary>
    public static ITypeSymbol? Unwrap(ITypeSymbol? type)
    {
        for (var depth = 0; depth < 8 && type is not null; depth++)
        {
            if (type.SpecialType == SpecialType.System_Void)
            {
                return null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return type;
            }

            var ns = named.ContainingNamespace;
            if (named.Name is "Task" or "ValueTask" && ns.IsNamespace("System.Threading.Tasks"))
            {
                type = named.TypeArguments.Length == 1 ? named.TypeArguments[0] : null;
                continue;
            }

            if (ns.IsWithinNamespace("Microsoft.AspNetCore"))
            {
                if (named.Name == "Results" && named.IsGenericType)
                {
                    foreach (var candidate in named.TypeArguments)
                    {
                        if (Unwrap(candidate) is { } payload)
                        {
                            return payload;
                        }
                    }

                    return null;
                }

                if (named.IsGenericType && named.TypeArguments.Length == 1)
                {
                    type = named.TypeArguments[0];
                    continue;
                }

                return null;
            }

            return type;
        }

        return type;
    }
}
