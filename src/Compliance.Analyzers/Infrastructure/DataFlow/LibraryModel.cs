using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>What the engine needs to know about a called method; computed once per method and compilation.</summary>
[Flags]
internal enum MethodTraits
{
    None = 0,

    /// <summary>The result no longer carries the data passed in.</summary>
    Sanitizer = 1,

    /// <summary>Declared in the compilation with a body: followed through a summary.</summary>
    HasSourceBody = 2,

    /// <summary>A library method whose result is made of its receiver and arguments.</summary>
    Propagates = 4,

    /// <summary>A library method that stores its arguments in its receiver (<c>StringBuilder.Append</c>, <c>List.Add</c>).</summary>
    MutatesReceiver = 8,
}

/// <summary>How the engine models library code it cannot see: string APIs, builders, collections, LINQ, tasks.</summary>
internal static class LibraryModel
{
    public static MethodTraits Compute(IMethodSymbol method, SanitizerCatalog sanitizers)
    {
        var traits = MethodTraits.None;
        if (sanitizers.IsSanitizer(method))
        {
            traits |= MethodTraits.Sanitizer;
        }

        if (HasSourceBody(method))
        {
            traits |= MethodTraits.HasSourceBody;
        }
        else if (Propagates(method))
        {
            traits |= MethodTraits.Propagates;
        }

        if (MutatesReceiver(method))
        {
            traits |= MethodTraits.MutatesReceiver;
        }

        return traits;
    }

    /// <summary>Types whose members and elements are the data they were built from.</summary>
    internal static bool IsContainer(ITypeSymbol type)
    {
        if (type.IsTupleType || type.IsAnonymousType || type is IArrayTypeSymbol)
        {
            return true;
        }

        var ns = type.ContainingNamespace;
        return ns.IsWithinNamespace("System.Collections")
            || ns.IsNamespace("System.Linq")
            || ns.IsNamespace("System.Threading.Tasks")
            || (type.Name is "Nullable" or "Lazy" or "ValueTuple" or "Tuple" && ns.IsNamespace("System"));
    }

    /// <summary>
    /// Library methods whose result is made of their receiver and arguments: string APIs,
    /// <c>StringBuilder</c>, LINQ, collections, conversions, encoders, serialisers, tasks,
    /// interpolated-string handlers and any <c>ToString</c> without a body in the compilation.
    /// </summary>
    internal static bool Propagates(IMethodSymbol method)
    {
        if (method.Name is "ToString" or "ToStringAndClear" or "GetValueOrDefault" or "AsSpan" or "AsMemory")
        {
            return true;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String || IsContainer(type))
        {
            return true;
        }

        var ns = type.ContainingNamespace;
        return type.Name switch
        {
            "Convert" or "Uri" or "MemoryExtensions" or "FormattableString" or "String" => ns.IsNamespace("System"),
            "StringBuilder" => ns.IsNamespace("System.Text"),
            "JsonSerializer" => ns.IsNamespace("System.Text.Json"),
            "WebUtility" => ns.IsNamespace("System.Net"),
            "HttpUtility" => ns.IsNamespace("System.Web"),
            "FormattableStringFactory" or "DefaultInterpolatedStringHandler" => ns.IsNamespace("System.Runtime.CompilerServices"),
            "JsonConvert" => ns.IsNamespace("Newtonsoft.Json"),
            var name => name.EndsWith("Encoding", StringComparison.Ordinal) && ns.IsNamespace("System.Text"),
        };
    }

    /// <summary>LINQ operators whose result is what their selector lambdas return, not the source elements.</summary>
    internal static bool IsProjection(IMethodSymbol method)
        => method.Name is "Select" or "SelectMany" or "ToDictionary" or "ToLookup" or "GroupBy" or "Zip" or "Aggregate" or "Join" or "GroupJoin" or "ToHashSet"
            && method.ContainingType?.Name is "Enumerable" or "Queryable" or "ParallelEnumerable"
            && method.ContainingNamespace.IsNamespace("System.Linq")
            && method.Parameters.Any(static p => p.Type.TypeKind == TypeKind.Delegate || p.Type.Name == "Expression");

    internal static bool MutatesReceiver(IMethodSymbol method)
    {
        if (method.IsStatic || method.ContainingType is not { } type)
        {
            return false;
        }

        if (method.Name is "AppendFormatted" or "AppendLiteral")
        {
            return true;
        }

        var ns = type.ContainingNamespace;
        if (type.Name == "StringBuilder" && ns.IsNamespace("System.Text"))
        {
            return method.Name.StartsWith("Append", StringComparison.Ordinal) || method.Name is "Insert" or "Replace";
        }

        return ns.IsWithinNamespace("System.Collections")
            && method.Name is "Add" or "AddRange" or "Insert" or "InsertRange" or "Push" or "Enqueue" or "TryAdd" or "AddOrUpdate" or "GetOrAdd" or "Set" or "TryPush";
    }

    internal static bool HasSourceBody(IMethodSymbol method)
    {
        var definition = method.PartialImplementationPart ?? method.OriginalDefinition;
        return !definition.IsAbstract && !definition.IsExtern && !definition.IsImplicitlyDeclared && !definition.DeclaringSyntaxReferences.IsEmpty;
    }
}
