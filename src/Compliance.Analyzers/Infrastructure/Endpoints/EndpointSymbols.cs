using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// The framework and runtime types endpoint discovery needs, resolved once per compilation, and
/// the translation of attributes into <see cref="ControlMark"/>s.
/// </summary>
internal sealed class EndpointSymbols
{
    // The marks of a control type, for the types whose marks do not depend on constructor
    // arguments (all but a few): the same attribute types decorate every action of an
    // application, and working out their marks walks their interfaces and base types.
    private readonly ConcurrentDictionary<INamedTypeSymbol, (ImmutableArray<ControlMark> Marks, bool ReadsArguments)> _marksByType = new(SymbolEqualityComparer.Default);

    public EndpointSymbols(KnownTypes types)
    {
        Compilation = types.Compilation;
        ControllerAttribute = types.Get(TypeNames.ControllerAttribute);
        NonControllerAttribute = types.Get(TypeNames.NonControllerAttribute);
        NonActionAttribute = types.Get(TypeNames.NonActionAttribute);
        ApiBehaviorMetadata = types.Get(TypeNames.IApiBehaviorMetadata);
        RouteTemplateProvider = types.Get(TypeNames.IRouteTemplateProvider);
        ActionHttpMethodProvider = types.Get(TypeNames.IActionHttpMethodProvider);
        AcceptVerbsAttribute = types.Get(TypeNames.AcceptVerbsAttribute);
        BindPropertyAttribute = types.Get(TypeNames.BindPropertyAttribute);
        BindPropertiesAttribute = types.Get(TypeNames.BindPropertiesAttribute);
        BindNeverAttribute = types.Get(TypeNames.BindNeverAttribute);
        ConsumesAttribute = types.Get(TypeNames.ConsumesAttribute);
        PageModel = types.Get(TypeNames.PageModel);
        NonHandlerAttribute = types.Get(TypeNames.NonHandlerAttribute);
        EndpointRouteBuilderExtensions = types.Get(TypeNames.EndpointRouteBuilderExtensions);
        EndpointRouteBuilder = types.Get(TypeNames.IEndpointRouteBuilder);
        ConventionBuilder = types.Get(TypeNames.IEndpointConventionBuilder);
        RequestDelegate = types.Get(TypeNames.RequestDelegate);
        FromBody = types.Get(TypeNames.IFromBodyMetadata);
        FromForm = types.Get(TypeNames.IFromFormMetadata);
        FromQuery = types.Get(TypeNames.IFromQueryMetadata);
        FromRoute = types.Get(TypeNames.IFromRouteMetadata);
        FromHeader = types.Get(TypeNames.IFromHeaderMetadata);
        FromServices = types.Get(TypeNames.IFromServiceMetadata);
        FromKeyedServices = types.Get(TypeNames.FromKeyedServicesAttribute);
        AsParameters = types.Get(TypeNames.AsParametersAttribute);
        FormFile = types.Get(TypeNames.IFormFile);
        FormFileCollection = types.Get(TypeNames.IFormFileCollection);
        FormCollection = types.Get(TypeNames.IFormCollection);
        AuthorizeData = types.Get(TypeNames.IAuthorizeData);
        AllowAnonymous = types.Get(TypeNames.IAllowAnonymous);
        AuthorizeFilter = types.Get(TypeNames.AuthorizeFilter);
        ServiceFilter = types.Get(TypeNames.ServiceFilterAttribute);
        TypeFilter = types.Get(TypeNames.TypeFilterAttribute);
        AllowAnonymousFilter = types.Get(TypeNames.AllowAnonymousFilter);
        EnableRateLimiting = types.Get(TypeNames.EnableRateLimitingAttribute);
        DisableRateLimiting = types.Get(TypeNames.DisableRateLimitingAttribute);
        IgnoreAntiforgery = types.Get(TypeNames.IgnoreAntiforgeryTokenAttribute);
        AntiforgeryPolicy = types.Get(TypeNames.IAntiforgeryPolicy);
        ValidateAntiforgery = types.Get(TypeNames.ValidateAntiForgeryTokenAttribute);
        AutoValidateAntiforgery = types.Get(TypeNames.AutoValidateAntiforgeryTokenAttribute);
        AntiforgeryMetadata = types.Get(TypeNames.IAntiforgeryMetadata);
        DisableValidation = types.Get(TypeNames.IDisableValidationMetadata);
        ValidationAttribute = types.Get(TypeNames.ValidationAttribute);
        ValidatableObject = types.Get(TypeNames.IValidatableObject);
        Audited = types.Get(TypeNames.AuditedAttribute);
        RateLimited = types.Get(TypeNames.RateLimitedAttribute);
        Validated = types.Get(TypeNames.ValidatedAttribute);
        RateLimitTier = types.Get(TypeNames.RateLimitTier);
        RequireMfa = types.Get(TypeNames.RequireMfaAttribute);
        HttpContext = types.Get(TypeNames.HttpContext);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? ControllerAttribute { get; }
    public INamedTypeSymbol? NonControllerAttribute { get; }
    public INamedTypeSymbol? NonActionAttribute { get; }
    public INamedTypeSymbol? ApiBehaviorMetadata { get; }
    public INamedTypeSymbol? RouteTemplateProvider { get; }
    public INamedTypeSymbol? ActionHttpMethodProvider { get; }
    public INamedTypeSymbol? AcceptVerbsAttribute { get; }
    public INamedTypeSymbol? BindPropertyAttribute { get; }
    public INamedTypeSymbol? BindPropertiesAttribute { get; }
    public INamedTypeSymbol? BindNeverAttribute { get; }
    public INamedTypeSymbol? ConsumesAttribute { get; }
    public INamedTypeSymbol? PageModel { get; }
    public INamedTypeSymbol? NonHandlerAttribute { get; }
    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
    public INamedTypeSymbol? EndpointRouteBuilder { get; }
    public INamedTypeSymbol? ConventionBuilder { get; }
    public INamedTypeSymbol? RequestDelegate { get; }
    public INamedTypeSymbol? FromBody { get; }
    public INamedTypeSymbol? FromForm { get; }
    public INamedTypeSymbol? FromQuery { get; }
    public INamedTypeSymbol? FromRoute { get; }
    public INamedTypeSymbol? FromHeader { get; }
    public INamedTypeSymbol? FromServices { get; }
    public INamedTypeSymbol? FromKeyedServices { get; }
    public INamedTypeSymbol? AsParameters { get; }
    public INamedTypeSymbol? FormFile { get; }
    public INamedTypeSymbol? FormFileCollection { get; }
    public INamedTypeSymbol? FormCollection { get; }
    public INamedTypeSymbol? AuthorizeData { get; }
    public INamedTypeSymbol? AllowAnonymous { get; }
    public INamedTypeSymbol? AuthorizeFilter { get; }

    /// <summary><c>[ServiceFilter(typeof(T))]</c>: applies the filter <c>T</c>, resolved from services.</summary>
    public INamedTypeSymbol? ServiceFilter { get; }

    /// <summary><c>[TypeFilter(typeof(T))]</c>: applies the filter <c>T</c>, created with services.</summary>
    public INamedTypeSymbol? TypeFilter { get; }
    public INamedTypeSymbol? AllowAnonymousFilter { get; }
    public INamedTypeSymbol? EnableRateLimiting { get; }
    public INamedTypeSymbol? DisableRateLimiting { get; }
    public INamedTypeSymbol? IgnoreAntiforgery { get; }
    public INamedTypeSymbol? AntiforgeryPolicy { get; }
    public INamedTypeSymbol? ValidateAntiforgery { get; }
    public INamedTypeSymbol? AutoValidateAntiforgery { get; }
    public INamedTypeSymbol? AntiforgeryMetadata { get; }
    public INamedTypeSymbol? DisableValidation { get; }
    public INamedTypeSymbol? ValidationAttribute { get; }
    public INamedTypeSymbol? ValidatableObject { get; }
    public INamedTypeSymbol? Audited { get; }
    public INamedTypeSymbol? RateLimited { get; }
    public INamedTypeSymbol? Validated { get; }
    public INamedTypeSymbol? RateLimitTier { get; }
    public INamedTypeSymbol? RequireMfa { get; }
    public INamedTypeSymbol? HttpContext { get; }

    /// <summary>The marks of the attributes on one symbol.</summary>
    public ImmutableArray<ControlMark> MarksOf(ImmutableArray<AttributeData> attributes, bool inheritedOnly = false)
    {
        if (attributes.IsEmpty)
        {
            return ImmutableArray<ControlMark>.Empty;
        }

        var marks = ImmutableArray.CreateBuilder<ControlMark>();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type || (inheritedOnly && !IsInheritable(type)))
            {
                continue;
            }

            AddMarks(marks, type, attribute.ConstructorArguments, attribute);
        }

        return marks.ToImmutable();
    }

    /// <summary>
    /// The marks of a control of type <paramref name="type"/> (an attribute, or a filter / metadata
    /// object created in code), with its constructor arguments, and the attribute itself, when known.
    /// </summary>
    public void AddMarks(ImmutableArray<ControlMark>.Builder marks, INamedTypeSymbol type, ImmutableArray<TypedConstant> arguments, AttributeData? attribute = null)
    {
        var known = _marksByType.GetOrAdd(type, t =>
        {
            var typeMarks = ImmutableArray.CreateBuilder<ControlMark>();
            var readsArguments = ComputeMarks(typeMarks, t, ImmutableArray<TypedConstant>.Empty, attribute: null);
            return (typeMarks.ToImmutable(), readsArguments);
        });

        if (known.ReadsArguments)
        {
            ComputeMarks(marks, type, arguments, attribute);
        }
        else
        {
            marks.AddRange(known.Marks);
        }
    }

    /// <returns>True when the marks depend on <paramref name="arguments"/>.</returns>
    private bool ComputeMarks(ImmutableArray<ControlMark>.Builder marks, INamedTypeSymbol type, ImmutableArray<TypedConstant> arguments, AttributeData? attribute)
    {
        var readsArguments = false;
        if (type.InheritsFromOrEqualsDefinition(Audited))
        {
            marks.Add(new ControlMark(ControlKind.Audited));
        }
        else if (type.InheritsFromOrEqualsDefinition(RateLimited))
        {
            readsArguments = true;
            var tier = arguments.Length == 1 && arguments[0].Value is int value ? TierName(value) : "Standard";
            marks.Add(new ControlMark(ControlKind.RateLimitTier, tier));
        }
        else if (type.InheritsFromOrEqualsDefinition(Validated))
        {
            marks.Add(new ControlMark(ControlKind.Validated));
        }
        else if (type.InheritsFromOrEqualsDefinition(RequireMfa))
        {
            marks.Add(new ControlMark(ControlKind.RequireMfa));
        }
        else if (type.InheritsFromOrEqualsDefinition(EnableRateLimiting))
        {
            readsArguments = true;
            marks.Add(new ControlMark(ControlKind.RateLimitPolicy, arguments.Length == 1 ? arguments[0].Value as string : null));
        }
        else if (type.InheritsFromOrEqualsDefinition(DisableRateLimiting))
        {
            marks.Add(new ControlMark(ControlKind.RateLimitDisabled));
        }
        else if (type.InheritsFromOrEqualsDefinition(AuthorizeFilter))
        {
            marks.Add(new ControlMark(ControlKind.Authorize));
        }
        else if (type.InheritsFromOrEqualsDefinition(AllowAnonymousFilter))
        {
            marks.Add(new ControlMark(ControlKind.AllowAnonymous));
        }
        else if (type.InheritsFromOrEqualsDefinition(IgnoreAntiforgery))
        {
            marks.Add(new ControlMark(ControlKind.AntiforgeryIgnored));
        }
        else if (type.InheritsFromOrEqualsDefinition(ValidateAntiforgery) || type.InheritsFromOrEqualsDefinition(AutoValidateAntiforgery) || type.IsOrImplementsDefinition(AntiforgeryPolicy))
        {
            marks.Add(new ControlMark(ControlKind.AntiforgeryValidated));
        }
        else if (type.IsOrImplementsDefinition(AntiforgeryMetadata))
        {
            // [RequireAntiforgeryToken(required: false)] turns validation off.
            readsArguments = true;
            var required = !(arguments.Length == 1 && arguments[0].Value is false);
            marks.Add(new ControlMark(required ? ControlKind.AntiforgeryValidated : ControlKind.AntiforgeryIgnored));
        }

        if (type.IsOrImplementsDefinition(AllowAnonymous))
        {
            marks.Add(new ControlMark(ControlKind.AllowAnonymous));
        }
        else if (type.IsOrImplementsDefinition(AuthorizeData))
        {
            readsArguments = true;
            marks.Add(new ControlMark(ControlKind.Authorize, attribute is not null && NamesRolesOrPolicy(attribute) ? ControlMark.RolesOrPolicy : null));
        }

        if (type.IsOrImplementsDefinition(DisableValidation))
        {
            marks.Add(new ControlMark(ControlKind.ValidationDisabled));
        }

        marks.Add(FilterMark(type));
        return readsArguments;
    }

    /// <summary>
    /// True when an authorize attribute names roles or a policy, by its constructor argument or by
    /// <c>Roles</c>/<c>Policy</c>. A name given by a constant the compiler could not evaluate (an IDE
    /// before restore, a constant from a project that does not build) still names one, so the
    /// attribute's syntax is the fallback.
    /// </summary>
    private static bool NamesRolesOrPolicy(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 })
        {
            return true;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key is "Roles" or "Policy" && argument.Value.Value is string { Length: > 0 })
            {
                return true;
            }
        }

        return attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } syntaxArguments }
            && syntaxArguments.Any(static a => a.NameEquals is null ? a.NameColon is null : a.NameEquals.Name.Identifier.ValueText is "Roles" or "Policy");
    }

    public static ControlMark FilterMark(INamedTypeSymbol type)
    {
        var bases = ImmutableArray.CreateBuilder<string>();
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            bases.Add(current.FullName());
        }

        return new ControlMark(ControlKind.Filter, type.FullName(), bases.ToImmutable());
    }

    /// <summary>The name of a <c>RateLimitTier</c> value (<c>Authentication</c>), or its number when unknown.</summary>
    public string TierName(int value)
    {
        if (RateLimitTier is not null)
        {
            foreach (var member in RateLimitTier.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int constant } field && constant == value)
                {
                    return field.Name;
                }
            }
        }

        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when any attribute on the symbol is (or derives from / implements) <paramref name="expected"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? expected)
    {
        if (expected is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEqualsDefinition(expected) || (expected.TypeKind == TypeKind.Interface && attribute.AttributeClass.IsOrImplementsDefinition(expected)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the attribute applies to derived classes and overrides (<c>AttributeUsage.Inherited</c>, true by default).</summary>
    public static bool IsInheritable(INamedTypeSymbol attributeType)
    {
        for (var current = attributeType; current is not null; current = current.BaseType)
        {
            foreach (var usage in current.GetAttributes())
            {
                if (usage.AttributeClass is { Name: "AttributeUsageAttribute" })
                {
                    foreach (var named in usage.NamedArguments)
                    {
                        if (named.Key == "Inherited" && named.Value.Value is bool inherited)
                        {
                            return inherited;
                        }
                    }

                    return true;
                }
            }
        }

        return true;
    }
}
