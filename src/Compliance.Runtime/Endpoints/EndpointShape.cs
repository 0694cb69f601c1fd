using System.Reflection;
using System.Runtime.CompilerServices;
using Compliance.Runtime.Classification;
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
    /// True when <paramref name="type"/> holds classified data by the rule of docs/classification.md:
    /// a classified member, directly or through members, collection elements and generic wrappers
    /// (Task, ActionResult, Results).
    /// </summary>
    public static bool ContainsClassifiedData(Type type) => DataClassificationReader.Default.ContainsClassifiedData(type);

    internal static bool IsClassified(ParameterInfo parameter) => DataClassificationReader.Default.Classify(parameter) is not null;
}
