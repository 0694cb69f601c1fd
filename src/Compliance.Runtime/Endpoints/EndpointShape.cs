using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Compliance.Runtime.Endpoints;

/// <summary>
/// What an endpoint accepts and returns, read from its metadata the same way for controllers and
/// minimal APIs, and whether those types carry PHI/PII. Computed once per endpoint.
/// </summary>
internal sealed class EndpointShape
{
    private static readonly ConditionalWeakTable<Endpoint, EndpointShape> Cache = new();
    private static readonly ConcurrentDictionary<Type, bool> ClassifiedTypes = new();

    private EndpointShape(Type? bodyType, bool isMvc, bool handlesPhi)
    {
        BodyType = bodyType;
        IsMvc = isMvc;
        HandlesPhi = handlesPhi;
    }

    /// <summary>The JSON body type, when the endpoint binds one.</summary>
    public Type? BodyType { get; }

    /// <summary>True for controller actions (MVC JSON options apply), false for minimal APIs.</summary>
    public bool IsMvc { get; }

    /// <summary>
    /// True when the endpoint declares PHI handling (<c>[Audited]</c>) or its parameters, body or
    /// response types carry <c>[Phi]</c>/<c>[Pii]</c> members.
    /// </summary>
    public bool HandlesPhi { get; }

    public static EndpointShape Of(Endpoint endpoint) => Cache.GetValue(endpoint, Create);

    private static EndpointShape Create(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var action = metadata.GetMetadata<ControllerActionDescriptor>();
        var method = action?.MethodInfo ?? metadata.GetMetadata<MethodInfo>();
        var bodyType = action is not null ? MvcBodyType(action) : MinimalBodyType(metadata);

        var handlesPhi = metadata.GetMetadata<Compliance.Runtime.Auditing.IAuditedMetadata>() is not null
            || (bodyType is not null && ContainsClassifiedData(bodyType))
            || (method is not null && MethodHandlesPhi(method))
            || ProducesClassifiedData(metadata);
        return new EndpointShape(bodyType, action is not null, handlesPhi);
    }

    private static Type? MvcBodyType(ActionDescriptor action)
    {
        foreach (var parameter in action.Parameters)
        {
            if (parameter.BindingInfo?.BindingSource == BindingSource.Body)
            {
                return parameter.ParameterType;
            }
        }

        return null;
    }

    private static Type? MinimalBodyType(EndpointMetadataCollection metadata)
    {
        foreach (var accepts in metadata.GetOrderedMetadata<IAcceptsMetadata>())
        {
            if (accepts.RequestType is { } type)
            {
                return type;
            }
        }

        return null;
    }

    private static bool MethodHandlesPhi(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (IsClassified(parameter) || ContainsClassifiedData(parameter.ParameterType))
            {
                return true;
            }
        }

        return IsClassified(method.ReturnParameter) || ContainsClassifiedData(method.ReturnType);
    }

    private static bool ProducesClassifiedData(EndpointMetadataCollection metadata)
    {
        foreach (var produces in metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            if (produces.Type is { } type && ContainsClassifiedData(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/>, or a type reachable through its public properties,
    /// collection elements or generic wrappers (Task, ActionResult, Results), has a classified member.
    /// </summary>
    public static bool ContainsClassifiedData(Type type) => ContainsClassifiedData(type, new HashSet<Type>());

    private static bool ContainsClassifiedData(Type type, HashSet<Type> visiting)
    {
        if (ClassifiedTypes.TryGetValue(type, out var known))
        {
            return known;
        }

        if (!visiting.Add(type))
        {
            return false;
        }

        var result = Compute(type, visiting);
        visiting.Remove(type);
        if (visiting.Count == 0)
        {
            ClassifiedTypes.TryAdd(type, result);
        }

        return result;
    }

    private static bool Compute(Type type, HashSet<Type> visiting)
    {
        if (type.IsArray)
        {
            return ContainsClassifiedData(type.GetElementType()!, visiting);
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                if (ContainsClassifiedData(argument, visiting))
                {
                    return true;
                }
            }
        }

        if (type.IsPrimitive || type.IsEnum || IsFrameworkType(type))
        {
            return false;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsClassified(property) || (property.GetIndexParameters().Length == 0 && ContainsClassifiedData(property.PropertyType, visiting)))
            {
                return true;
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsClassified(field) || ContainsClassifiedData(field.FieldType, visiting))
            {
                return true;
            }
        }

        // Positional records put the attribute on the constructor parameter unless it is targeted at the property.
        foreach (var constructor in type.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (IsClassified(parameter))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsFrameworkType(Type type)
    {
        var name = type.Namespace;
        return name is not null && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal));
    }

    internal static bool IsClassified(ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.GetCustomAttributes(inherit: true))
        {
            if (attribute is PhiAttribute or PiiAttribute || IsDataClassificationAttribute(attribute.GetType()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDataClassificationAttribute(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == "Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute")
            {
                return true;
            }
        }

        return false;
    }
}
