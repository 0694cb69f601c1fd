using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Infrastructure.Classification;

/// <summary>
/// Which symbols of a compilation carry classified data. Sources of classification:
/// <c>Compliance.Runtime.PhiAttribute</c> / <c>PiiAttribute</c>, any subclass of
/// <c>Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute</c>, and the
/// attribute names configured in <c>compliance.dataflow.classification_attributes</c>. All are
/// matched by metadata name, so no package reference is needed.
/// </summary>
/// <remarks>
/// One instance per compilation and configuration, shared by every analyzer, with memoized
/// answers. The configured attribute names are a global-only option: read from the global options
/// (<c>.globalconfig</c>, build properties) on every request; a path-scoped .editorconfig value is
/// ignored and reported by CMP9001. The rule is docs/classification.md; the runtime implements it
/// by reflection, and the classification conformance test holds both to the same fixtures.
/// </remarks>
public sealed class ClassificationModel
{
    // One model per compilation and configured attribute list: the list is read on every request
    // (global options, a dictionary lookup), so a caller with other options never gets the model
    // built for the first caller's.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, ClassificationModel>> Cache = new();

    private readonly ConcurrentDictionary<ISymbol, DataClassification?> _symbolCache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, string?> _typeCache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, DataClassification?> _attributeCache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, DataClassification?> _typeClassificationCache = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _configuredNames;

    private ClassificationModel(Compilation compilation, IReadOnlyList<string> configuredAttributes)
    {
        Compilation = compilation;
        _configuredNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in configuredAttributes)
        {
            _configuredNames.Add(name);
            if (!name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                _configuredNames.Add(name + "Attribute");
            }
        }

        var knownTypes = KnownTypes.For(compilation);
        CanClassify = _configuredNames.Count > 0
            || knownTypes.Get(TypeNames.PhiAttribute) is not null
            || knownTypes.Get(TypeNames.PiiAttribute) is not null
            || knownTypes.Get(TypeNames.DataClassificationAttribute) is not null;
    }

    public Compilation Compilation { get; }

    /// <summary>
    /// False when nothing in the compilation can carry a classification: no classification
    /// attribute type is declared or referenced and no custom one is configured. Analyses of
    /// classified data have nothing to look for then, which is the case for most projects of an
    /// application that does not handle PHI.
    /// </summary>
    public bool CanClassify { get; }

    /// <summary>
    /// The model of <paramref name="compilation"/> under <paramref name="options"/>, created on first
    /// use. The configured attributes are a global-only option (<see cref="OptionDefinition{T}.GetForCompilation"/>).
    /// </summary>
    public static ClassificationModel For(Compilation compilation, AnalyzerOptions? options)
    {
        var configured = ComplianceOptions.DataFlowClassificationAttributes.GetForCompilation(options);
        var key = string.Join(",", configured);
        var models = Cache.GetValue(compilation, static _ => new ConcurrentDictionary<string, ClassificationModel>(StringComparer.Ordinal));
        return models.TryGetValue(key, out var model)
            ? model
            : models.GetOrAdd(key, new ClassificationModel(compilation, configured));
    }

    /// <summary>
    /// The classification declared on <paramref name="symbol"/>: a property (including an
    /// overridden or implemented one, and the positional parameter of a record), a field, a
    /// parameter, or a method's return value (<c>[return: Phi]</c>).
    /// </summary>
    public bool TryGetClassification(ISymbol symbol, out DataClassification classification)
    {
        if (symbol is null)
        {
            classification = default;
            return false;
        }

        var cached = _symbolCache.GetOrAdd(symbol.OriginalDefinition, ComputeSymbolClassification);
        classification = cached.GetValueOrDefault();
        return cached.HasValue;
    }

    /// <summary>
    /// True when a value of <paramref name="type"/> holds classified data: a classified member of
    /// the type or of its base types, or of a type reachable through its members, elements of
    /// arrays and collections, <c>Nullable&lt;T&gt;</c> and generic wrappers. Cycle-safe, memoized.
    /// </summary>
    public bool ContainsClassifiedData(ITypeSymbol type) => DescribeClassifiedMember(type) is not null;

    /// <summary>
    /// The first classified member found inside <paramref name="type"/>, for messages:
    /// <c>Patient.Ssn ([Phi])</c>; null when the type holds no classified data.
    /// </summary>
    public string? DescribeClassifiedMember(ITypeSymbol type)
    {
        if (type is null || IsOpaque(type))
        {
            // Primitives, strings, enums and the like hold nothing: no look-up, no search state.
            return null;
        }

        if (_typeCache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var stack = new List<ITypeSymbol>();
        var found = Search(type, visited, stack);
        if (found is null)
        {
            // Every type reached from here was searched completely, so none of them holds
            // classified data either.
            foreach (var seen in visited)
            {
                _typeCache.TryAdd(seen, null);
            }
        }

        _typeCache.TryAdd(type, found);
        return found;
    }

    /// <summary>The element or wrapped types a value of <paramref name="type"/> exposes (arrays, collections, generic wrappers).</summary>
    internal static IEnumerable<ITypeSymbol> ComponentTypes(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                yield return array.ElementType;
                break;
            case INamedTypeSymbol { IsGenericType: true } named:
                foreach (var argument in named.TypeArguments)
                {
                    yield return argument;
                }

                break;
        }

        if (type is INamedTypeSymbol { IsGenericType: false } nonGeneric)
        {
            // A non-generic collection type such as `class Patients : List<Patient>`.
            foreach (var @interface in nonGeneric.AllInterfaces)
            {
                if (@interface.IsGenericType
                    && @interface.Name == "IEnumerable"
                    && @interface.ContainingNamespace.IsNamespace("System.Collections.Generic"))
                {
                    yield return @interface.TypeArguments[0];
                }
            }
        }
    }

    private string? Search(ITypeSymbol type, HashSet<ITypeSymbol> visited, List<ITypeSymbol> stack)
    {
        if (!visited.Add(type))
        {
            return null;
        }

        if (_typeCache.TryGetValue(type, out var known))
        {
            return known;
        }

        if (IsOpaque(type))
        {
            return null;
        }

        stack.Add(type);
        try
        {
            var found = TryGetTypeClassification(type, out var typeClassification)
                ? type.Name + " (" + typeClassification.Display + ")"
                : SearchMembers(type, visited, stack);
            if (found is null)
            {
                foreach (var component in ComponentTypes(type))
                {
                    found = Search(component, visited, stack);
                    if (found is not null)
                    {
                        break;
                    }
                }
            }

            if (found is not null)
            {
                // Everything on the stack reaches the found member.
                foreach (var onStack in stack)
                {
                    _typeCache.TryAdd(onStack, found);
                }
            }

            return found;
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }

    private string? SearchMembers(ITypeSymbol type, HashSet<ITypeSymbol> visited, List<ITypeSymbol> stack)
    {
        if (type is not INamedTypeSymbol named || IsFrameworkType(named))
        {
            return null;
        }

        // Classified members first (declared, then inherited), so the message names the closest one.
        var nestedTypes = new List<ITypeSymbol>();
        for (var current = named; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                ITypeSymbol? memberType = member switch
                {
                    IPropertySymbol { IsIndexer: false } property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (memberType is null)
                {
                    continue;
                }

                if (TryGetClassification(member, out var classification))
                {
                    return current.Name + "." + member.Name + " (" + classification.Display + ")";
                }

                nestedTypes.Add(memberType);
            }
        }

        foreach (var nested in nestedTypes)
        {
            var found = Search(nested, visited, stack);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The classification every value of <paramref name="type"/> carries: a classification
    /// attribute on the type or on one of its base types (<c>Nullable&lt;T&gt;</c> is unwrapped).
    /// </summary>
    public bool TryGetTypeClassification(ITypeSymbol type, out DataClassification classification)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        var cached = type is INamedTypeSymbol named
            ? _typeClassificationCache.GetOrAdd(named.OriginalDefinition, ComputeTypeClassification)
            : null;
        classification = cached.GetValueOrDefault();
        return cached.HasValue;
    }

    private DataClassification? ComputeTypeClassification(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            if (FromAttributes(current.GetAttributes()) is { } classification)
            {
                return classification;
            }
        }

        return null;
    }

    private DataClassification? FromType(ITypeSymbol type)
        => TryGetTypeClassification(type, out var classification) ? classification : null;

    private static bool IsOpaque(ITypeSymbol type)
        => type.SpecialType != SpecialType.None
        || type.TypeKind is TypeKind.Enum or TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error;

    /// <summary>Framework types carry no application classification; their members are not searched (their type arguments are).</summary>
    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name is "System" or "Microsoft" or "Windows" or "Newtonsoft" or "Serilog" or "NLog";
    }

    private DataClassification? ComputeSymbolClassification(ISymbol symbol)
    {
        // [NoDataClassification] on the member itself says it holds no classified data, whatever
        // it overrides, implements or is typed as.
        if (HasNoDataClassification(symbol is IMethodSymbol returning ? returning.GetReturnTypeAttributes() : symbol.GetAttributes()))
        {
            return null;
        }

        switch (symbol)
        {
            case IPropertySymbol property:
                for (var current = property; current is not null; current = current.OverriddenProperty)
                {
                    if (FromAttributes(current.GetAttributes()) is { } own)
                    {
                        return own;
                    }
                }

                return FromRecordParameter(property) ?? FromImplementedInterface(property) ?? FromType(property.Type);

            case IFieldSymbol field:
                return FromAttributes(field.GetAttributes())
                    ?? (field.AssociatedSymbol is IPropertySymbol associated ? FromAttributes(associated.GetAttributes()) : null)
                    ?? FromType(field.Type);

            case IParameterSymbol parameter:
                if (FromAttributes(parameter.GetAttributes()) is { } direct)
                {
                    return direct;
                }

                if (parameter.ContainingSymbol is IMethodSymbol { OverriddenMethod: { } overridden }
                    && parameter.Ordinal < overridden.Parameters.Length)
                {
                    return ComputeSymbolClassification(overridden.Parameters[parameter.Ordinal]);
                }

                return FromRecordProperty(parameter) ?? FromType(parameter.Type);

            case IMethodSymbol method:
                // A [Redacts] method returns what remains after the classified data was removed.
                if (method.ReturnsVoid || HasRedactsAttribute(method))
                {
                    return null;
                }

                for (var current = method; current is not null; current = current.OverriddenMethod)
                {
                    if (FromAttributes(current.GetReturnTypeAttributes()) is { } returned)
                    {
                        return returned;
                    }
                }

                return method.AssociatedSymbol is IPropertySymbol getterOf && method.MethodKind == MethodKind.PropertyGet
                    ? ComputeSymbolClassification(getterOf)
                    : FromType(method.ReturnType);

            default:
                return null;
        }
    }

    private static bool HasNoDataClassification(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.HasFullName(TypeNames.NoDataClassificationAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasRedactsAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.HasFullName(TypeNames.RedactsAttribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>record Patient([Phi] string Ssn)</c>: the attribute lands on the parameter, the data is read through the property.</summary>
    private DataClassification? FromRecordParameter(IPropertySymbol property)
    {
        if (!property.ContainingType.IsRecord || property.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = property.DeclaringSyntaxReferences[0];
        if (reference.GetSyntax() is not ParameterSyntax)
        {
            return null;
        }

        foreach (var constructor in property.ContainingType.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                foreach (var parameterReference in parameter.DeclaringSyntaxReferences)
                {
                    if (parameterReference.SyntaxTree == reference.SyntaxTree && parameterReference.Span == reference.Span)
                    {
                        return FromAttributes(parameter.GetAttributes());
                    }
                }
            }
        }

        return null;
    }

    /// <summary><c>record Patient([property: Phi] string Ssn)</c>: the constructor parameter carries the property's data.</summary>
    private DataClassification? FromRecordProperty(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType.IsRecord: true } constructor
            || parameter.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = parameter.DeclaringSyntaxReferences[0];
        foreach (var member in constructor.ContainingType.GetMembers(parameter.Name))
        {
            if (member is IPropertySymbol property)
            {
                foreach (var propertyReference in property.DeclaringSyntaxReferences)
                {
                    if (propertyReference.SyntaxTree == reference.SyntaxTree && propertyReference.Span == reference.Span)
                    {
                        return FromAttributes(property.GetAttributes());
                    }
                }
            }
        }

        return null;
    }

    private DataClassification? FromImplementedInterface(IPropertySymbol property)
    {
        var type = property.ContainingType;
        if (type is null || type.TypeKind == TypeKind.Interface)
        {
            return null;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(property.Name))
            {
                if (member is IPropertySymbol interfaceProperty
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceProperty), property)
                    && FromAttributes(interfaceProperty.GetAttributes()) is { } declared)
                {
                    return declared;
                }
            }
        }

        return null;
    }

    private DataClassification? FromAttributes(IEnumerable<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is { } attributeClass
                && _attributeCache.GetOrAdd(attributeClass, ClassifyAttribute) is { } classification)
            {
                return classification;
            }
        }

        return null;
    }

    private DataClassification? ClassifyAttribute(INamedTypeSymbol attributeClass)
    {
        var fullName = attributeClass.FullName();
        var shortName = attributeClass.Name.EndsWith("Attribute", StringComparison.Ordinal)
            ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length)
            : attributeClass.Name;

        switch (fullName)
        {
            case TypeNames.PhiAttribute:
                return new DataClassification(ClassificationKind.Phi, shortName);
            case TypeNames.PiiAttribute:
                return new DataClassification(ClassificationKind.Pii, shortName);
            case TypeNames.NoDataClassificationAttribute:
                // The platform's explicit "not classified" (DataClassification.None).
                return null;
        }

        if (_configuredNames.Count > 0 && (_configuredNames.Contains(fullName) || _configuredNames.Contains(attributeClass.Name)))
        {
            return new DataClassification(ClassificationKind.Other, shortName);
        }

        for (var baseType = attributeClass.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (baseType.HasFullName(TypeNames.DataClassificationAttribute))
            {
                return new DataClassification(ClassificationKind.Other, shortName);
            }
        }

        return null;
    }
}
