using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>How ASP.NET Core found the endpoint.</summary>
public enum EndpointKind
{
    /// <summary>An MVC controller action.</summary>
    Controller,

    /// <summary>A Razor Pages handler (<c>On{Verb}[Async]</c> on a <c>PageModel</c>).</summary>
    RazorPage,

    /// <summary>A minimal API (<c>Map{Verb}</c>, <c>MapMethods</c>, <c>MapFallback</c>, <c>Map</c>).</summary>
    MinimalApi,
}

/// <summary>Where a bound value comes from, as the framework infers it.</summary>
public enum BindingSource
{
    /// <summary>Route, query or header scalars, services, special types and <c>[BindNever]</c> values: nothing to validate as a whole.</summary>
    Scalar,

    /// <summary>A JSON request body (<c>[FromBody]</c>, inferred for complex types by <c>[ApiController]</c> and minimal APIs).</summary>
    Body,

    /// <summary>Form fields or files (<c>[FromForm]</c>, <c>IFormFile</c>, <c>IFormCollection</c>).</summary>
    Form,

    /// <summary>A complex object bound from the query string (<c>[FromQuery]</c> on a class, <c>[AsParameters]</c>).</summary>
    ComplexQuery,

    /// <summary>
    /// A complex object bound by MVC model binding without a source (controllers without
    /// <c>[ApiController]</c>, Razor Pages): form fields, route and query values.
    /// </summary>
    ModelBinding,
}

/// <summary>One value the endpoint binds from the request.</summary>
public sealed class EndpointParameter
{
    public EndpointParameter(string name, ITypeSymbol type, BindingSource source, ISymbol symbol, bool simpleFormValue = false)
    {
        Name = name;
        Type = type;
        Source = source;
        Symbol = symbol;
        AcceptsFormValues = source is BindingSource.Form or BindingSource.ModelBinding || simpleFormValue;
    }

    /// <summary>
    /// True when a form post can set the value: form data and model-bound objects, and also simple
    /// values MVC model binding looks up in the form before the route and query string (a
    /// <c>string name</c> or <c>int id</c> of a controller action without <c>[ApiController]</c>).
    /// </summary>
    public bool AcceptsFormValues { get; }

    public string Name { get; }

    public ITypeSymbol Type { get; }

    public BindingSource Source { get; }

    /// <summary>The parameter, or the <c>[BindProperty]</c> property of a page model.</summary>
    public ISymbol Symbol { get; }

    /// <summary>
    /// True for the sources a validator must see: bodies, forms and complex objects. A single form
    /// field of a simple type (<c>[FromForm] string grantType</c>) is a scalar like a query value.
    /// </summary>
    public bool IsStructuredInput => Source is not BindingSource.Scalar && !(Source == BindingSource.Form && ParameterBinding.IsSimple(Type));
}

/// <summary>
/// One endpoint: its handler, HTTP methods, route, inputs, outputs, and every control that applies
/// to it, resolved along each way the endpoint can be reached (<see cref="Paths"/>).
/// </summary>
public sealed class EndpointInfo
{
    public EndpointInfo(
        EndpointKind kind,
        IMethodSymbol handler,
        INamedTypeSymbol? declaringType,
        string route,
        ImmutableArray<string> httpMethods,
        ImmutableArray<EndpointParameter> parameters,
        ITypeSymbol? responseType,
        ImmutableArray<ControlPath> paths,
        Location location,
        bool isApiController,
        bool readsFormDirectly)
    {
        Kind = kind;
        Handler = handler;
        DeclaringType = declaringType;
        Route = route;
        HttpMethods = httpMethods;
        Parameters = parameters;
        ResponseType = responseType;
        Paths = paths;
        Location = location;
        IsApiController = isApiController;
        ReadsFormDirectly = readsFormDirectly;
    }

    public EndpointKind Kind { get; }

    /// <summary>The action, page handler, lambda or method group that handles requests.</summary>
    public IMethodSymbol Handler { get; }

    /// <summary>The controller or page model (null for minimal APIs).</summary>
    public INamedTypeSymbol? DeclaringType { get; }

    /// <summary>The route template as far as it is known statically (<c>?</c> for computed parts).</summary>
    public string Route { get; }

    /// <summary>Upper-case HTTP methods; empty when the endpoint accepts any method.</summary>
    public ImmutableArray<string> HttpMethods { get; }

    public ImmutableArray<EndpointParameter> Parameters { get; }

    /// <summary>The payload type of the response, unwrapped from tasks and result wrappers, when known.</summary>
    public ITypeSymbol? ResponseType { get; }

    /// <summary>
    /// The controls along each way the endpoint is mapped (one for controllers and pages; one per
    /// call site for minimal APIs mapped in a helper that receives its route group).
    /// </summary>
    public ImmutableArray<ControlPath> Paths { get; }

    /// <summary>Where the endpoint is reported: the handler's name, the controller's name for an inherited action, or the Map… call's name.</summary>
    public Location Location { get; }

    /// <summary><c>[ApiController]</c> on the controller, a base class or the assembly.</summary>
    public bool IsApiController { get; }

    /// <summary>The handler reads <c>Request.Form</c> itself.</summary>
    public bool ReadsFormDirectly { get; }

    /// <summary>True when the action is inherited from a base class, so it is reported on the controller.</summary>
    public bool IsInherited => DeclaringType is not null && !SymbolEqualityComparer.Default.Equals(Handler.ContainingType, DeclaringType);

    /// <summary>Accepts POST, PUT, PATCH or DELETE (or any method).</summary>
    public bool IsStateChanging
    {
        get
        {
            if (HttpMethods.IsEmpty)
            {
                return true;
            }

            foreach (var method in HttpMethods)
            {
                if (method is "POST" or "PUT" or "PATCH" or "DELETE")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>For messages: <c>POST api/patients (PatientsController.Create)</c>.</summary>
    public string Display
    {
        get
        {
            var methods = HttpMethods.IsEmpty ? "ANY" : string.Join("|", HttpMethods);
            var handler = Kind == EndpointKind.MinimalApi
                ? (Handler.MethodKind == MethodKind.AnonymousFunction ? null : Handler.Name)
                : (DeclaringType?.Name ?? Handler.ContainingType?.Name) + "." + Handler.Name;
            return handler is null ? $"'{methods} {Route}'" : $"'{methods} {Route}' ({handler})";
        }
    }

    /// <summary>Controls resolved per path: a control is present only when it is present on every path.</summary>
    public bool All(Func<ResolvedControls, bool> predicate)
    {
        foreach (var path in Paths)
        {
            if (!predicate(path.Resolved))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when some path satisfies <paramref name="predicate"/>.</summary>
    public bool Any(Func<ResolvedControls, bool> predicate)
    {
        foreach (var path in Paths)
        {
            if (predicate(path.Resolved))
            {
                return true;
            }
        }

        return false;
    }
}
