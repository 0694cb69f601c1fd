using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Runtime.Classification;

/// <summary>
/// "Is this member classified, and as what?" by reflection: the rule of docs/classification.md,
/// which the analyzers' ClassificationModel implements for symbols. The classification conformance
/// test runs the same fixtures through both. Everything at run time that asks whether data is
/// classified (log redaction, the endpoint shape) asks this class.
/// </summary>
internal sealed class DataClassificationReader
{
    /// <summary>How deep <see cref="MayContainClassifiedData"/> follows members before it assumes classified data.</summary>
    private const int MaxConservativeDepth = 8;

    private static readonly string[] FrameworkRoots = ["System", "Microsoft", "Windows", "Newtonsoft", "Serilog", "NLog"];

    private readonly HashSet<string> _configuredNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, MemberClassification?> _typeClassifications = new();
    private readonly ConcurrentDictionary<Type, bool> _containsClassified = new();
    private readonly ConcurrentDictionary<Type, bool> _mayContainClassified = new();

    /// <summary>Creates a reader that also treats <paramref name="configuredAttributes"/> as classification attributes.</summary>
    /// <param name="configuredAttributes">Full or simple attribute names, with or without the <c>Attribute</c> suffix.</param>
    public DataClassificationReader(IEnumerable<string> configuredAttributes)
    {
        foreach (var name in configuredAttributes)
        {
            var trimmed = name.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            _configuredNames.Add(trimmed);
            if (!trimmed.EndsWith("Attribute", StringComparison.Ordinal))
            {
                _configuredNames.Add(trimmed + "Attribute");
            }
        }
    }

    /// <summary>The reader without configured attributes: the platform's and the HIPAA taxonomy's attributes only.</summary>
    public static DataClassificationReader Default { get; } = new([]);

    /// <summary>The classification of a property, field, parameter or method return value (<see cref="MethodInfo.ReturnParameter"/>).</summary>
    public MemberClassification? Classify(ICustomAttributeProvider member) => IsDeclaredUnclassified(member) ? null : member switch
    {
        PropertyInfo property => ClassifyProperty(property),
        FieldInfo field => ClassifyField(field),
        ParameterInfo { Position: < 0, Member: MethodInfo method } => ClassifyReturn(method),
        ParameterInfo parameter => ClassifyParameter(parameter),
        MethodInfo method => ClassifyReturn(method),
        _ => null,
    };

    /// <summary>The classification every value of <paramref name="type"/> carries: an attribute on the type or on a base type.</summary>
    public MemberClassification? ClassifyType(Type type)
    {
        type = Unwrap(type);
        return _typeClassifications.GetOrAdd(type, static (t, self) => self.ComputeTypeClassification(t), this);
    }

    /// <summary>
    /// True when a value declared as <paramref name="type"/> holds classified data: the type is
    /// classified, or has a classified member (own or inherited), or reaches one through its
    /// members, array and collection elements, <c>Nullable&lt;T&gt;</c> and generic arguments.
    /// </summary>
    public bool ContainsClassifiedData(Type type)
        => _containsClassified.GetOrAdd(type, static (t, self) => self.Search(t, conservative: false, 0, []), this);

    /// <summary>
    /// <see cref="ContainsClassifiedData"/>, and also true where the content cannot be known from the
    /// declared types (<c>object</c>, interfaces that are not collections, non-generic collections,
    /// nesting deeper than eight levels). Log redaction uses it: unknown content is redacted, never printed.
    /// </summary>
    public bool MayContainClassifiedData(Type type)
        => _mayContainClassified.GetOrAdd(type, static (t, self) => self.Search(t, conservative: true, 0, []), this);

    /// <summary>
    /// [NoDataClassification] on the member itself says it holds no classified data, whatever it
    /// overrides, implements or is typed as.
    /// </summary>
    private static bool IsDeclaredUnclassified(ICustomAttributeProvider member)
    {
        var provider = member is MethodInfo method ? method.ReturnParameter : member;
        return provider.IsDefined(typeof(NoDataClassificationAttribute), inherit: false);
    }

    private MemberClassification? ClassifyProperty(PropertyInfo property)
    {
        for (var current = property; current is not null; current = OverriddenProperty(current))
        {
            if (FromAttributes(current) is { } own)
            {
                return own;
            }
        }

        return FromRecordParameter(property) ?? FromImplementedInterface(property) ?? ClassifyType(property.PropertyType);
    }

    private MemberClassification? ClassifyField(FieldInfo field)
    {
        if (FromAttributes(field) is { } own)
        {
            return own;
        }

        // The backing field of an auto-property carries the property's data.
        if (BackingFieldProperty(field) is { } property && FromAttributes(property) is { } associated)
        {
            return associated;
        }

        return ClassifyType(field.FieldType);
    }

    private MemberClassification? ClassifyParameter(ParameterInfo parameter)
    {
        if (FromAttributes(parameter) is { } own)
        {
            return own;
        }

        if (parameter.Member is MethodInfo method && OverriddenMethod(method) is { } overridden)
        {
            var parameters = overridden.GetParameters();
            if (parameter.Position < parameters.Length)
            {
                return Classify(parameters[parameter.Position]);
            }
        }

        return FromRecordProperty(parameter) ?? ClassifyType(parameter.ParameterType);
    }

    private MemberClassification? ClassifyReturn(MethodInfo method)
    {
        // A [Redacts] method returns what remains after the classified data was removed.
        if (method.IsDefined(typeof(RedactsAttribute), inherit: false) || method.ReturnType == typeof(void))
        {
            return null;
        }

        for (var current = method; current is not null; current = OverriddenMethod(current))
        {
            if (FromAttributes(current.ReturnParameter) is { } returned)
            {
                return returned;
            }
        }

        if (method.IsSpecialName && method.Name.StartsWith("get_", StringComparison.Ordinal)
            && method.DeclaringType?.GetProperty(method.Name[4..], DeclaredInstance) is { } getterOf
            && getterOf.GetMethod == method)
        {
            return ClassifyProperty(getterOf);
        }

        return ClassifyType(method.ReturnType);
    }

    private const BindingFlags DeclaredInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private MemberClassification? ComputeTypeClassification(Type type)
    {
        if (type.IsArray || type.IsGenericParameter || type.IsPointer)
        {
            return null;
        }

        for (var current = type; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            if (FromAttributes(current) is { } classification)
            {
                return classification;
            }
        }

        return null;
    }

    /// <summary><c>record Patient([Phi] string Ssn)</c>: the attribute lands on the constructor parameter, the data is read through the property.</summary>
    private MemberClassification? FromRecordParameter(PropertyInfo property)
    {
        var type = property.DeclaringType;
        if (type is null || !IsRecord(type) || !IsCompilerGenerated(property))
        {
            return null;
        }

        foreach (var constructor in type.GetConstructors(DeclaredInstance))
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (parameter.Name == property.Name && parameter.ParameterType == property.PropertyType)
                {
                    return FromAttributes(parameter);
                }
            }
        }

        return null;
    }

    /// <summary><c>record Patient([property: Phi] string Ssn)</c>: the constructor parameter carries the property's data.</summary>
    private MemberClassification? FromRecordProperty(ParameterInfo parameter)
    {
        if (parameter.Member is not ConstructorInfo { DeclaringType: { } type } || !IsRecord(type) || parameter.Name is null)
        {
            return null;
        }

        foreach (var property in type.GetProperties(DeclaredInstance))
        {
            if (property.Name == parameter.Name && property.PropertyType == parameter.ParameterType && IsCompilerGenerated(property))
            {
                return FromAttributes(property);
            }
        }

        return null;
    }

    private MemberClassification? FromImplementedInterface(PropertyInfo property)
    {
        var type = property.DeclaringType;
        var accessor = property.GetMethod ?? property.SetMethod;
        if (type is null || type.IsInterface || accessor is null)
        {
            return null;
        }

        foreach (var @interface in type.GetInterfaces())
        {
            var map = type.GetInterfaceMap(@interface);
            for (var i = 0; i < map.TargetMethods.Length; i++)
            {
                if (map.TargetMethods[i] != accessor)
                {
                    continue;
                }

                foreach (var interfaceProperty in @interface.GetProperties())
                {
                    if (interfaceProperty.Name == property.Name
                        && (interfaceProperty.GetMethod == map.InterfaceMethods[i] || interfaceProperty.SetMethod == map.InterfaceMethods[i])
                        && FromAttributes(interfaceProperty) is { } declared)
                    {
                        return declared;
                    }
                }
            }
        }

        return null;
    }

    private MemberClassification? FromAttributes(ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.GetCustomAttributes(inherit: false))
        {
            if (attribute is Attribute declared && ClassifyAttribute(declared) is { } classification)
            {
                return classification;
            }
        }

        return null;
    }

    private MemberClassification? ClassifyAttribute(Attribute attribute)
    {
        var type = attribute.GetType();
        var name = type.Name.EndsWith("Attribute", StringComparison.Ordinal) ? type.Name[..^"Attribute".Length] : type.Name;
        switch (attribute)
        {
            case PhiAttribute phi:
                return new MemberClassification(ClassificationKind.Phi, name, phi.Classification);
            case PiiAttribute pii:
                return new MemberClassification(ClassificationKind.Pii, name, pii.Classification);
            case NoDataClassificationAttribute:
                // The platform's explicit "not classified" (DataClassification.None).
                return null;
        }

        if (_configuredNames.Count > 0 && ((type.FullName is { } fullName && _configuredNames.Contains(fullName)) || _configuredNames.Contains(type.Name)))
        {
            var classification = attribute is DataClassificationAttribute platform ? platform.Classification : DataClassification.Unknown;
            return new MemberClassification(ClassificationKind.Other, name, classification);
        }

        return attribute is DataClassificationAttribute other
            ? new MemberClassification(ClassificationKind.Other, name, other.Classification)
            : null;
    }

    private bool Search(Type type, bool conservative, int depth, HashSet<Type> visiting)
    {
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
        }

        type = Unwrap(type);
        if (conservative)
        {
            if (type == typeof(object) || depth > MaxConservativeDepth)
            {
                return true;
            }

            if (typeof(Exception).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type))
            {
                return false;
            }
        }

        if (IsOpaque(type))
        {
            return false;
        }

        if (ClassifyType(type) is not null)
        {
            return true;
        }

        if (conservative && !type.IsArray && type != typeof(string))
        {
            // The value behind these can be anything: unknown content counts as classified.
            var enumerable = typeof(IEnumerable).IsAssignableFrom(type);
            if ((enumerable && EnumerableElementTypes(type).Count == 0) || (type.IsInterface && !enumerable))
            {
                return true;
            }
        }

        if (!visiting.Add(type))
        {
            // A cycle adds nothing new: the members on the path are searched already.
            return false;
        }

        try
        {
            return SearchMembers(type, conservative, depth, visiting) || SearchComponents(type, conservative, depth, visiting);
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private bool SearchMembers(Type type, bool conservative, int depth, HashSet<Type> visiting)
    {
        if (type.IsArray || IsFrameworkType(type))
        {
            return false;
        }

        // Classified members first (declared, then inherited), then the types they reach.
        var nested = new List<Type>();
        for (var current = type; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            foreach (var property in current.GetProperties(DeclaredInstance))
            {
                if (property.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                if (Classify(property) is not null)
                {
                    return true;
                }

                nested.Add(property.PropertyType);
            }

            foreach (var field in current.GetFields(DeclaredInstance))
            {
                if (IsCompilerGenerated(field))
                {
                    continue;
                }

                if (Classify(field) is not null)
                {
                    return true;
                }

                nested.Add(field.FieldType);
            }

            // Log redaction also trusts a classified constructor parameter of any type: the value
            // it marks is usually kept in a member, under whatever name.
            if (conservative)
            {
                foreach (var constructor in current.GetConstructors(DeclaredInstance))
                {
                    if (constructor.GetParameters().Any(p => FromAttributes(p) is not null))
                    {
                        return true;
                    }
                }
            }
        }

        foreach (var member in nested)
        {
            if (Search(member, conservative, depth + 1, visiting))
            {
                return true;
            }
        }

        return false;
    }

    private bool SearchComponents(Type type, bool conservative, int depth, HashSet<Type> visiting)
    {
        if (type.IsArray)
        {
            return Search(type.GetElementType()!, conservative, depth + 1, visiting);
        }

        var components = type.IsGenericType ? type.GetGenericArguments() : [.. EnumerableElementTypes(type)];
        foreach (var component in components)
        {
            if (Search(component, conservative, depth + 1, visiting))
            {
                return true;
            }
        }

        return false;
    }

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsOpaque(Type type)
        => type.IsPrimitive
        || type.IsEnum
        || type.IsPointer
        || type.IsGenericParameter
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(object)
        || type == typeof(void)
        || type == typeof(ValueType)
        || type == typeof(Enum)
        || type == typeof(Array)
        || typeof(Delegate).IsAssignableFrom(type);

    /// <summary>Framework types carry no application classification; their members are not searched (their type arguments are).</summary>
    private static bool IsFrameworkType(Type type)
    {
        var ns = type.Namespace;
        if (ns is null)
        {
            return false;
        }

        var dot = ns.IndexOf('.', StringComparison.Ordinal);
        var root = dot < 0 ? ns : ns[..dot];
        return Array.IndexOf(FrameworkRoots, root) >= 0;
    }

    private static List<Type> EnumerableElementTypes(Type type)
    {
        var result = new List<Type>();
        IEnumerable<Type> candidates = type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        foreach (var candidate in candidates)
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                result.Add(candidate.GetGenericArguments()[0]);
            }
        }

        return result;
    }

    /// <summary>Records (classes and structs) have a compiler-generated <c>PrintMembers(StringBuilder)</c>.</summary>
    private static bool IsRecord(Type type)
        => type.GetMethod("PrintMembers", DeclaredInstance, [typeof(StringBuilder)]) is { } printMembers
        && printMembers.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static bool IsCompilerGenerated(PropertyInfo property)
        => (property.GetMethod ?? property.SetMethod)?.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) == true;

    private static bool IsCompilerGenerated(FieldInfo field) => field.Name.StartsWith('<');

    private static PropertyInfo? BackingFieldProperty(FieldInfo field)
    {
        const string Suffix = ">k__BackingField";
        var name = field.Name;
        return name.StartsWith('<') && name.EndsWith(Suffix, StringComparison.Ordinal)
            ? field.DeclaringType?.GetProperty(name[1..^Suffix.Length], DeclaredInstance | BindingFlags.Static)
            : null;
    }

    /// <summary>The property <paramref name="property"/> overrides, the nearest one up the base types.</summary>
    private static PropertyInfo? OverriddenProperty(PropertyInfo property)
    {
        var accessor = property.GetMethod ?? property.SetMethod;
        if (accessor is null || OverriddenMethod(accessor) is not { } overriddenAccessor)
        {
            return null;
        }

        foreach (var candidate in overriddenAccessor.DeclaringType!.GetProperties(DeclaredInstance))
        {
            if (candidate.GetMethod == overriddenAccessor || candidate.SetMethod == overriddenAccessor)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The method <paramref name="method"/> overrides, the nearest one up the base types.</summary>
    private static MethodInfo? OverriddenMethod(MethodInfo method)
    {
        if (!method.IsVirtual || method.DeclaringType is not { } declaring || method.GetBaseDefinition().DeclaringType == declaring)
        {
            return null;
        }

        var parameterTypes = Array.ConvertAll(method.GetParameters(), static p => p.ParameterType);
        for (var type = declaring.BaseType; type is not null; type = type.BaseType)
        {
            if (type.GetMethod(method.Name, DeclaredInstance, null, parameterTypes, null) is { IsVirtual: true } candidate)
            {
                return candidate;
            }
        }

        return null;
    }
}
