using System.Collections.Concurrent;
using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>A value written to a sink.</summary>
internal readonly struct SinkUse
{
    public SinkUse(SinkKind kind, string name, IOperation value)
    {
        Kind = kind;
        Name = name;
        Value = value;
    }

    public SinkKind Kind { get; }

    public string Name { get; }

    public IOperation Value { get; }
}

/// <summary>
/// Every sink the data-flow rules report, by family. Types are resolved once per compilation through
/// <see cref="KnownTypes"/> and matched by symbol, never by method name alone.
/// </summary>
internal sealed class SinkCatalog
{
    private readonly KnownTypes _knownTypes;
    private readonly INamedTypeSymbol? _exception;
    private readonly INamedTypeSymbol? _activity;
    private readonly INamedTypeSymbol? _activityEvent;
    private readonly INamedTypeSymbol? _tagList;
    private readonly INamedTypeSymbol? _instrument;
    private readonly INamedTypeSymbol? _httpResponse;
    private readonly INamedTypeSymbol? _headerDictionary;
    private readonly INamedTypeSymbol? _responseCookies;
    private readonly INamedTypeSymbol? _problemDetails;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _pageModel;
    private readonly INamedTypeSymbol? _results;
    private readonly INamedTypeSymbol? _typedResults;
    private readonly INamedTypeSymbol? _httpClient;
    private readonly INamedTypeSymbol? _httpRequestMessage;
    private readonly INamedTypeSymbol? _httpHeaders;
    private readonly INamedTypeSymbol? _uriBuilder;
    private readonly INamedTypeSymbol? _queryHelpers;
    private readonly INamedTypeSymbol? _queryString;
    private readonly ConcurrentDictionary<ITypeSymbol, Hierarchy> _hierarchies = new(SymbolEqualityComparer.Default);
    private readonly Func<ITypeSymbol, Hierarchy> _computeHierarchy;

    public SinkCatalog(KnownTypes knownTypes)
    {
        _knownTypes = knownTypes;
        _exception = knownTypes.Get(TypeNames.Exception);
        _activity = knownTypes.Get(TypeNames.Activity);
        _activityEvent = knownTypes.Get(TypeNames.ActivityEvent);
        _tagList = knownTypes.Get(TypeNames.TagList);
        _instrument = knownTypes.Get(TypeNames.Instrument);
        _httpResponse = knownTypes.Get(TypeNames.HttpResponse);
        _headerDictionary = knownTypes.Get(TypeNames.IHeaderDictionary);
        _responseCookies = knownTypes.Get(TypeNames.IResponseCookies);
        _problemDetails = knownTypes.Get(TypeNames.ProblemDetails);
        _controllerBase = knownTypes.Get(TypeNames.ControllerBase);
        _pageModel = knownTypes.Get(TypeNames.PageModel);
        _results = knownTypes.Get(TypeNames.Results);
        _typedResults = knownTypes.Get(TypeNames.TypedResults);
        _httpClient = knownTypes.Get(TypeNames.HttpClient);
        _httpRequestMessage = knownTypes.Get(TypeNames.HttpRequestMessage);
        _httpHeaders = knownTypes.Get(TypeNames.HttpHeaders);
        _uriBuilder = knownTypes.Get(TypeNames.UriBuilder);
        _queryHelpers = knownTypes.Get(TypeNames.QueryHelpers);
        _queryString = knownTypes.Get(TypeNames.QueryString);
        _computeHierarchy = ComputeHierarchy;
    }

    [Flags]
    private enum Hierarchy
    {
        None = 0,
        Instrument = 1,
        ControllerBase = 2,
        PageModel = 4,
        HttpHeaders = 8,
        ProblemDetails = 16,
        Exception = 32,
        HeaderDictionary = 64,
        ResponseCookies = 128,
    }

    public void Collect(IOperation operation, List<SinkUse> uses)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                CollectInvocation(invocation, uses);
                break;
            case IObjectCreationOperation creation:
                CollectCreation(creation, uses);
                break;
            case IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment:
                CollectPropertyWrite(property, assignment.Value, uses);
                break;
        }
    }

    private void CollectInvocation(IInvocationOperation invocation, List<SinkUse> uses)
    {
        if (LogSinks.TryGetLogSink(invocation, _knownTypes, out var logSink))
        {
            foreach (var argument in logSink.Arguments)
            {
                uses.Add(new SinkUse(SinkKind.Log, logSink.DisplayName, argument.Value));
            }

            return;
        }

        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        // Telemetry.
        if (Is(type, _activity))
        {
            // AddEvent takes an ActivityEvent, whose creation is the sink.
            if (method.Name is "SetTag" or "AddTag" or "SetBaggage" or "AddBaggage" or "SetStatus")
            {
                AddArguments(invocation, SinkKind.Telemetry, "Activity." + method.Name, uses, skipFirstString: method.Name != "SetStatus");
            }

            return;
        }

        if (Is(type, _tagList) && method.Name is "Add" or "Insert")
        {
            AddArguments(invocation, SinkKind.Telemetry, "TagList." + method.Name, uses, skipFirstString: true);
            return;
        }

        if (Has(type, Hierarchy.Instrument) && method.Name is "Add" or "Record")
        {
            // The measurement is a number; the tags follow it.
            for (var i = 1; i < invocation.Arguments.Length; i++)
            {
                AddValue(invocation.Arguments[i], SinkKind.Telemetry, type.Name + "." + method.Name + " tags", uses);
            }

            return;
        }

        // Redirects.
        if (method.Name.StartsWith("Redirect", StringComparison.Ordinal) || method.Name.StartsWith("LocalRedirect", StringComparison.Ordinal))
        {
            if (Is(type, _httpResponse) || Has(type, Hierarchy.ControllerBase) || Has(type, Hierarchy.PageModel) || Is(type, _results) || Is(type, _typedResults))
            {
                AddArguments(invocation, SinkKind.Web, type.Name + "." + method.Name, uses, skipFirstString: false);
            }

            return;
        }

        // Problem details through Results.Problem / ControllerBase.Problem.
        if (method.Name is "Problem" or "ValidationProblem" && (Is(type, _results) || Is(type, _typedResults) || Has(type, Hierarchy.ControllerBase)))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name is "detail" or "title")
                {
                    AddValue(argument, SinkKind.Web, "ProblemDetails." + (argument.Parameter.Name == "detail" ? "Detail" : "Title"), uses);
                }
            }

            return;
        }

        // Headers and cookies.
        var receiverType = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : type;
        if (Has(receiverType, Hierarchy.HeaderDictionary) && method.Name is "Append" or "Add" or "TryAdd" or "AppendCommaSeparatedValues" or "SetCommaSeparatedValues")
        {
            AddArguments(invocation, SinkKind.Web, "response header", uses, skipFirstString: true);
            return;
        }

        if (method.Name == "Append" && Has(type, Hierarchy.ResponseCookies))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "value")
                {
                    AddValue(argument, SinkKind.Web, "cookie value", uses);
                }
            }

            return;
        }

        if (Has(type, Hierarchy.HttpHeaders) && method.Name is "Add" or "TryAddWithoutValidation")
        {
            AddArguments(invocation, SinkKind.Web, "HTTP request header", uses, skipFirstString: true);
            return;
        }

        // URLs and query strings of outgoing requests.
        if (Is(type, _httpClient) && method.Name.EndsWith("Async", StringComparison.Ordinal))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "requestUri")
                {
                    AddValue(argument, SinkKind.Web, "HttpClient." + method.Name + " URL", uses);
                }
            }

            return;
        }

        if ((Is(type, _queryHelpers) && method.Name == "AddQueryString") || (Is(type, _queryString) && method.Name is "Create" or "Add"))
        {
            AddArguments(invocation, SinkKind.Web, "query string", uses, skipFirstString: Is(type, _queryHelpers));
        }
    }

    private void CollectCreation(IObjectCreationOperation creation, List<SinkUse> uses)
    {
        if (creation.Type is not INamedTypeSymbol type)
        {
            return;
        }

        if (Has(type, Hierarchy.Exception))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && parameter.Name != "paramName")
                {
                    AddValue(argument, SinkKind.Exception, "new " + type.Name + "(message)", uses);
                }
            }

            return;
        }

        if (Is(type, _activityEvent))
        {
            AddArguments(creation.Arguments, SinkKind.Telemetry, "ActivityEvent", uses, skipFirstString: false);
            return;
        }

        if (Is(type, _httpRequestMessage) || (Is(type, _knownTypes.Get(TypeNames.Uri)) && IsOutgoingRequestUri(creation)))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Name: "requestUri" or "uriString" })
                {
                    AddValue(argument, SinkKind.Web, type.Name + " URL", uses);
                }
            }
        }
    }

    /// <summary>A <c>new Uri(...)</c> passed straight to an outgoing request.</summary>
    private bool IsOutgoingRequestUri(IObjectCreationOperation creation)
    {
        var parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } && Is(invocation.TargetMethod.ContainingType, _httpClient);
    }

    private void CollectPropertyWrite(IPropertyReferenceOperation target, IOperation value, List<SinkUse> uses)
    {
        var property = target.Property;
        var type = property.ContainingType;
        if (type is null)
        {
            return;
        }

        if (Has(type, Hierarchy.ProblemDetails) && property.Name is "Detail" or "Title")
        {
            uses.Add(new SinkUse(SinkKind.Web, "ProblemDetails." + property.Name, value));
            return;
        }

        if (Has(type, Hierarchy.HeaderDictionary))
        {
            uses.Add(new SinkUse(SinkKind.Web, "response header", value));
            return;
        }

        if (Is(type, _uriBuilder) && property.Name is "Query" or "Path")
        {
            uses.Add(new SinkUse(SinkKind.Web, "UriBuilder." + property.Name, value));
            return;
        }

        // Exception.Data["key"] = value.
        if (property.IsIndexer
            && _exception is not null
            && target.Instance is IPropertyReferenceOperation { Property.Name: "Data" } data
            && Has(data.Property.ContainingType, Hierarchy.Exception))
        {
            uses.Add(new SinkUse(SinkKind.Exception, "Exception.Data", value));
        }
    }

    private static void AddArguments(IInvocationOperation invocation, SinkKind kind, string name, List<SinkUse> uses, bool skipFirstString)
        => AddArguments(invocation.Arguments, kind, name, uses, skipFirstString);

    /// <param name="skipFirstString">Skip the key or name argument (<c>SetTag("patient.id", value)</c>): it is a constant in practice and never the data.</param>
    private static void AddArguments(IEnumerable<IArgumentOperation> arguments, SinkKind kind, string name, List<SinkUse> uses, bool skipFirstString)
    {
        var skipped = !skipFirstString;
        foreach (var argument in arguments)
        {
            if (!skipped && argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                skipped = true;
                continue;
            }

            AddValue(argument, kind, name, uses);
        }
    }

    private static void AddValue(IArgumentOperation argument, SinkKind kind, string name, List<SinkUse> uses)
    {
        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return;
        }

        if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var item in initializer.ElementValues)
            {
                uses.Add(new SinkUse(kind, name, item));
            }

            return;
        }

        uses.Add(new SinkUse(kind, name, argument.Value));
    }

    /// <summary>
    /// Whether <paramref name="type"/> derives from or implements the sink types matched through
    /// the type hierarchy, worked out once per type definition: the walk over base types and
    /// interfaces used to run for every call and property write, and the facts do not depend on
    /// type arguments (<c>ILogger&lt;A&gt;</c> and <c>ILogger&lt;B&gt;</c> implement the same
    /// definitions), while each construction would substitute its interfaces again.
    /// </summary>
    private bool Has(ITypeSymbol? type, Hierarchy fact)
        => type is not null && (_hierarchies.GetOrAdd(type.OriginalDefinition, _computeHierarchy) & fact) != 0;

    private Hierarchy ComputeHierarchy(ITypeSymbol type)
    {
        var facts = Hierarchy.None;
        facts |= type.InheritsFromOrEqualsDefinition(_instrument) ? Hierarchy.Instrument : 0;
        facts |= type.InheritsFromOrEqualsDefinition(_controllerBase) ? Hierarchy.ControllerBase : 0;
        facts |= type.InheritsFromOrEqualsDefinition(_pageModel) ? Hierarchy.PageModel : 0;
        facts |= type.InheritsFromOrEqualsDefinition(_httpHeaders) ? Hierarchy.HttpHeaders : 0;
        facts |= type.InheritsFromOrEqualsDefinition(_problemDetails) ? Hierarchy.ProblemDetails : 0;
        facts |= type.InheritsFromOrEqualsDefinition(_exception) ? Hierarchy.Exception : 0;
        facts |= type.IsOrImplementsDefinition(_headerDictionary) ? Hierarchy.HeaderDictionary : 0;
        facts |= type.IsOrImplementsDefinition(_responseCookies) ? Hierarchy.ResponseCookies : 0;
        return facts;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
