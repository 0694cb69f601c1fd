using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Application-wide endpoint configuration: global MVC filters, conventions on
/// <c>MapControllers()</c> / <c>MapRazorPages()</c>, the authorization fallback policy, a global
/// rate limiter with <c>UseRateLimiter()</c>, minimal-API validation (<c>AddValidation()</c>), the
/// authentication handlers in use, the types registered as services, the Compliance.Runtime
/// registrations (<c>AddCompliance()</c>, its features, <c>UseCompliance()</c>) and where the
/// application is built.
/// </summary>
/// <remarks>
/// Peers' most common false positive is reporting an endpoint that global configuration already
/// protects. These facts live in Program.cs or a Startup class while endpoints live elsewhere, so
/// they are whole-program facts. Scanning the compilation from every endpoint would be quadratic;
/// instead they are computed once per compilation, lazily, when the first endpoint is evaluated:
/// a syntax walk compares invoked and assigned names against a short list (no binding), and only
/// those candidate nodes are bound. Calls inside development-only branches do not count.
/// </remarks>
internal sealed class GlobalEndpointPolicy
{
    private const int SameSiteStrict = 2;

    private static readonly HashSet<string> InvocationNames = new(StringComparer.Ordinal)
    {
        "Add", "AddService", "UseRateLimiter", "SetFallbackPolicy", "MapControllers", "MapDefaultControllerRoute", "MapControllerRoute",
        "MapAreaControllerRoute", "MapRazorPages", "AuthorizeFolder", "AddCookie", "AddIdentity", "AddDefaultIdentity", "AddIdentityCookies",
        "AddIdentityApiEndpoints", "AddBearerToken", "AddJwtBearer", "AddValidation", "AddAuthentication",
        "AddScoped", "AddSingleton", "AddTransient", "TryAddScoped", "TryAddSingleton", "TryAddTransient",
        "AddKeyedScoped", "AddKeyedSingleton", "AddKeyedTransient", "AddDbContext", "AddDbContextFactory", "AddDbContextPool", "AddHttpClient",
        "AddMicrosoftIdentityWebApiAuthentication", "AddMicrosoftIdentityWebAppAuthentication",
        "Build", "AddCompliance", "UseCompliance", "AddAuditing", "AddRateLimiting", "AddMfa", "AddFieldEncryption",
        "AddRateLimiter", "UseIpRateLimiting", "UseClientRateLimiting", "AddInMemoryRateLimiting", "AddDistributedRateLimiting",
    };

    /// <summary>
    /// AspNetCoreRateLimit's registrations, recognised by name and declaring namespace without
    /// configuration: the most used third-party rate-limiting middleware for ASP.NET Core.
    /// </summary>
    private static readonly HashSet<string> ThirdPartyRateLimiting = new(StringComparer.Ordinal)
    {
        "UseIpRateLimiting", "UseClientRateLimiting", "AddInMemoryRateLimiting", "AddDistributedRateLimiting",
    };

    private const string ThirdPartyRateLimitingNamespace = "AspNetCoreRateLimit";

    /// <summary>The Compliance.Runtime registration methods, by the type that declares each.</summary>
    private static readonly Dictionary<string, string> RuntimeRegistrations = new(StringComparer.Ordinal)
    {
        ["AddCompliance"] = "ComplianceServiceCollectionExtensions",
        ["UseCompliance"] = "ComplianceApplicationBuilderExtensions",
        ["AddAuditing"] = "AuditingComplianceBuilderExtensions",
        ["AddRateLimiting"] = "RateLimitingComplianceBuilderExtensions",
        ["AddValidation"] = "ValidationComplianceBuilderExtensions",
        ["AddMfa"] = "MfaComplianceBuilderExtensions",
        ["AddFieldEncryption"] = "FieldEncryptionComplianceBuilderExtensions",
    };

    /// <summary>
    /// Words one of which a file must contain to hold any of the configuration above: the
    /// invocation names (<c>Add</c> and <c>AddService</c> only count on <c>Filters</c>) and the
    /// assigned properties.
    /// </summary>
    private static readonly string[] FileWords = InvocationNames
        .Where(static name => name is not ("Add" or "AddService" or "Build"))
        .Concat(new[] { "Filters", "SameSite", "FallbackPolicy", "GlobalLimiter", "Build()", "Authentication(", "Auth(", "AddSession", "UseSession", "Session.Get", "Session.TryGetValue" })
        .ToArray();

    private GlobalEndpointPolicy(
        bool fallbackPolicy,
        bool globalLimiter,
        bool cookieAuthentication,
        bool bearerAuthentication,
        bool minimalValidation,
        bool strictSameSiteCookies,
        ImmutableArray<ControlMark> controllerMarks,
        ImmutableArray<ControlMark> pageMarks,
        ImmutableHashSet<ITypeSymbol> services,
        bool authentication,
        ImmutableHashSet<string> runtimeCalls,
        ImmutableArray<Location> applicationBuilds,
        bool rateLimiting,
        bool rateLimitingMiddleware,
        bool mapsEndpoints)
    {
        RateLimiting = rateLimiting || rateLimitingMiddleware;
        RateLimitingMiddleware = rateLimitingMiddleware;
        MapsEndpoints = mapsEndpoints;
        Authentication = authentication;
        RuntimeCalls = runtimeCalls;
        ApplicationBuilds = applicationBuilds;
        FallbackPolicy = fallbackPolicy;
        GlobalLimiter = globalLimiter;
        CookieAuthentication = cookieAuthentication;
        BearerAuthentication = bearerAuthentication;
        MinimalValidation = minimalValidation;
        StrictSameSiteCookies = strictSameSiteCookies;
        ControllerMarks = controllerMarks;
        PageMarks = pageMarks;
        Services = services;
    }

    /// <summary><c>AuthorizationOptions.FallbackPolicy</c> is set (directly or with <c>SetFallbackPolicy</c>).</summary>
    public bool FallbackPolicy { get; }

    /// <summary><c>RateLimiterOptions.GlobalLimiter</c> is set and <c>UseRateLimiter()</c> is in the pipeline.</summary>
    public bool GlobalLimiter { get; }

    /// <summary>
    /// Cookie authentication or ASP.NET Core Identity's cookies are registered, or the application
    /// tells who the user is from its session (<c>AddSession</c>/<c>UseSession</c> and a read such as
    /// <c>HttpContext.Session.GetString("UserId")</c>): the session cookie then authenticates.
    /// </summary>
    public bool CookieAuthentication { get; }

    /// <summary>A bearer-token handler is registered.</summary>
    public bool BearerAuthentication { get; }

    /// <summary>Only bearer tokens authenticate requests: browsers attach nothing a forged request could ride on.</summary>
    public bool BearerOnly => BearerAuthentication && !CookieAuthentication;

    /// <summary><c>services.AddValidation()</c> (.NET 10 minimal-API validation).</summary>
    public bool MinimalValidation { get; }

    /// <summary>
    /// The authentication cookie is SameSite=Strict (every <c>CookieAuthenticationOptions.Cookie.SameSite</c>
    /// assignment is Strict, or a cookie policy forces Strict): browsers never send it cross-site.
    /// </summary>
    public bool StrictSameSiteCookies { get; }

    /// <summary>Global MVC filters and conventions on the controller endpoints.</summary>
    public ImmutableArray<ControlMark> ControllerMarks { get; }

    /// <summary>Global MVC filters and conventions on the Razor Pages endpoints.</summary>
    public ImmutableArray<ControlMark> PageMarks { get; }

    /// <summary>
    /// A global MVC action filter (registered in <c>MvcOptions.Filters</c>) checks
    /// <c>ModelState.IsValid</c> before actions run: the application's own version of
    /// <c>[ApiController]</c>'s automatic 400, enforcing the model's rules on every controller action.
    /// </summary>
    public bool ModelStateFilter { get; private set; }

    /// <summary>Types registered in the service collection (not bound from the request).</summary>
    public ImmutableHashSet<ITypeSymbol> Services { get; }

    /// <summary>
    /// Some authentication is registered: <c>AddAuthentication</c>, a cookie or bearer handler,
    /// ASP.NET Core Identity, or Microsoft.Identity.Web's one-call registrations.
    /// </summary>
    public bool Authentication { get; }

    /// <summary>
    /// The Compliance.Runtime registrations called outside development-only branches, by method name
    /// (<c>AddCompliance</c>, <c>UseCompliance</c>, <c>AddAuditing</c>, <c>AddRateLimiting</c>,
    /// <c>AddValidation</c>, <c>AddMfa</c>, <c>AddFieldEncryption</c>), wherever they are written:
    /// in Program.cs or in an extension method of the application's own.
    /// </summary>
    public ImmutableHashSet<string> RuntimeCalls { get; }

    /// <summary>
    /// The <c>Build()</c> calls that create the application (<c>WebApplication</c>, or a generic
    /// host for Startup-class applications), in file and position order; empty in a class library.
    /// </summary>
    public ImmutableArray<Location> ApplicationBuilds { get; }

    /// <summary>
    /// The application registers some rate limiting outside development-only branches: ASP.NET Core's
    /// <c>AddRateLimiter</c> or <c>UseRateLimiter</c>, a global limiter, Compliance.Runtime's
    /// <c>AddRateLimiting()</c>, or AspNetCoreRateLimit's middleware. Endpoint attributes and
    /// conventions are not included: they are seen endpoint by endpoint.
    /// </summary>
    public bool RateLimiting { get; }

    /// <summary>
    /// A third-party rate-limiting middleware (AspNetCoreRateLimit) is registered: it limits every
    /// request by its own configuration, so no endpoint needs a limit of its own.
    /// </summary>
    public bool RateLimitingMiddleware { get; }

    /// <summary>Controllers or Razor Pages are mapped (<c>MapControllers()</c>, <c>MapRazorPages()</c>, …), possibly from referenced assemblies.</summary>
    public bool MapsEndpoints { get; }

    /// <summary>The compilation builds an application (as opposed to a library whose host registers the services).</summary>
    public bool IsApplication => !ApplicationBuilds.IsEmpty;

    public static GlobalEndpointPolicy Compute(Compilation compilation, EndpointSymbols symbols, ConventionChains chains, Func<SyntaxTree, SemanticModel> modelFor)
    {
        var filterCollection = KnownTypes.For(compilation).Get(TypeNames.FilterCollection);
        var authorizationOptions = KnownTypes.For(compilation).Get(TypeNames.AuthorizationOptions);
        var rateLimiterOptions = KnownTypes.For(compilation).Get(TypeNames.RateLimiterOptions);

        var cookieOptions = KnownTypes.For(compilation).Get(TypeNames.CookieAuthenticationOptions);
        bool rateLimiting = false, rateLimitingMiddleware = false, mapsEndpoints = false;
        bool fallback = false, limiter = false, useLimiter = false, cookie = false, bearer = false, validation = false, bearerByDefault = false, authentication = false;
        var runtimeCalls = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var builds = new List<Location>();
        bool? strictCookies = null;
        var filters = ImmutableArray.CreateBuilder<ControlMark>();
        var filterTypes = new List<INamedTypeSymbol>();
        bool sessionRegistered = false, sessionIdentity = false;
        var controllerConventions = ImmutableArray.CreateBuilder<ControlMark>();
        var pageConventions = ImmutableArray.CreateBuilder<ControlMark>();
        var services = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree, FileWords))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name && InvocationNames.Contains(name) && (name is not ("Add" or "AddService") || OnFilters(invocation)):
                    {
                        model ??= modelFor(tree);
                        var bound = model.GetOperation(invocation);
                        if (bound is IInvalidOperation && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(bound))
                        {
                            // A package that is not restored yet (an IDE before restore, a partial
                            // checkout) leaves its extension methods unbound, and every call chained
                            // to them with them: AddAuthentication(...).AddJwtBearer(...) binds to
                            // nothing. The bearer registrations still say what the application does.
                            // Half-typed registrations count too: reporting a missing AddCompliance()
                            // while the user is typing its options lambda would be noise.
                            switch (name)
                            {
                                case "AddBearerToken" or "AddJwtBearer":
                                    bearer = true;
                                    authentication = true;
                                    break;
                                case "AddAuthentication":
                                    bearerByDefault |= DefaultsToBearer(invocation);
                                    authentication = true;
                                    break;
                                case "AddCookie" or "AddIdentity" or "AddDefaultIdentity" or "AddIdentityCookies" or "AddIdentityApiEndpoints"
                                    or "AddMicrosoftIdentityWebApiAuthentication" or "AddMicrosoftIdentityWebAppAuthentication":
                                    authentication = true;
                                    break;
                                case var runtime when RuntimeRegistrations.ContainsKey(runtime):
                                    runtimeCalls.Add(runtime);
                                    break;
                                case var thirdParty when ThirdPartyRateLimiting.Contains(thirdParty):
                                    rateLimitingMiddleware = true;
                                    break;
                            }

                            break;
                        }

                        if (bound is not IInvocationOperation operation || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
                        {
                            break;
                        }

                        var method = operation.TargetMethod;
                        var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? "";
                        var framework = ns.StartsWith("Microsoft.", StringComparison.Ordinal);
                        if (RuntimeRegistrations.TryGetValue(name, out var declaringType) && method.ContainingType?.Name == declaringType)
                        {
                            runtimeCalls.Add(name);
                            rateLimiting |= name == "AddRateLimiting";
                            break;
                        }

                        switch (name)
                        {
                            case "Build" when IsApplicationType(operation.Type):
                                builds.Add(invocation.GetLocation());
                                break;
                            case "Add" or "AddService" when filterCollection is not null && (operation.Instance?.Type).InheritsFromOrEqualsDefinition(filterCollection):
                                if (AddFilter(operation, symbols, filters) is { } filterType)
                                {
                                    filterTypes.Add(filterType);
                                }

                                break;
                            case "UseRateLimiter" when framework:
                                useLimiter = true;
                                rateLimiting = true;
                                break;
                            case "AddRateLimiter" when framework:
                                rateLimiting = true;
                                break;
                            case var thirdParty when ThirdPartyRateLimiting.Contains(thirdParty) && ns == ThirdPartyRateLimitingNamespace:
                                rateLimitingMiddleware = true;
                                break;
                            case "SetFallbackPolicy" when framework && !IsNullArgument(operation):
                                fallback = true;
                                break;
                            case "MapControllers" or "MapDefaultControllerRoute" or "MapControllerRoute" or "MapAreaControllerRoute" when framework:
                                mapsEndpoints = true;
                                controllerConventions.AddRange(chains.MarksAbove(operation));
                                break;
                            case "MapRazorPages" when framework:
                                mapsEndpoints = true;
                                pageConventions.AddRange(chains.MarksAbove(operation));
                                break;
                            case "AuthorizeFolder" when framework && (ConventionChains.ConstantArgument(operation, "folderPath") is "/" or ""):
                                pageConventions.Add(new ControlMark(ControlKind.Authorize));
                                break;
                            case "AddCookie" or "AddIdentity" or "AddDefaultIdentity" or "AddIdentityCookies" or "AddIdentityApiEndpoints" when framework:
                                cookie = true;
                                authentication = true;
                                break;
                            case "AddBearerToken" or "AddJwtBearer":
                                bearer = true;
                                authentication = true;
                                break;
                            case "AddMicrosoftIdentityWebApiAuthentication" or "AddMicrosoftIdentityWebAppAuthentication":
                                authentication = true;
                                break;
                            case "AddAuthentication" when framework:
                                // Identity registers its cookie schemes, but with a bearer default scheme
                                // endpoints authenticate with the token: a browser's cookie proves nothing.
                                bearerByDefault |= DefaultsToBearer(operation);
                                authentication = true;
                                break;
                            case "AddValidation" when method.ContainingType?.Name == "ValidationServiceCollectionExtensions":
                                validation = true;
                                break;
                            default:
                                if (ns.StartsWith("Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal))
                                {
                                    AddServices(operation, services);
                                }

                                break;
                        }

                        break;
                    }

                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name && !InvocationNames.Contains(name) && NamesOwnAuthenticationRegistration(name):
                    {
                        model ??= modelFor(tree);
                        if (model.GetOperation(invocation) is IInvocationOperation operation
                            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation)
                            && RegistersOnlyBearerInReferencedAssembly(operation.TargetMethod, compilation))
                        {
                            bearer = true;
                            authentication = true;
                        }

                        break;
                    }

                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is "AddSession" or "UseSession":
                    {
                        model ??= modelFor(tree);
                        sessionRegistered |= model.GetOperation(invocation) is IInvocationOperation operation
                            && operation.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.", StringComparison.Ordinal) == true
                            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation);
                        break;
                    }

                    case InvocationExpressionSyntax invocation when !sessionIdentity && ReadsIdentityFromSession(invocation):
                        sessionIdentity = true;
                        break;

                    case AssignmentExpressionSyntax assignment when AssignedName(assignment) is "SameSite" && OnCookieBuilder(assignment):
                    {
                        // The authentication cookie's SameSite mode: Strict means browsers never
                        // attach it to a cross-site request. Response cookies (CookieOptions
                        // initializers) also set SameSite; the shape check keeps their method
                        // bodies from being bound.
                        model ??= modelFor(tree);
                        if (model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: IPropertyReferenceOperation { Property.Name: "Cookie" } cookieProperty } } operation
                            && cookieProperty.Property.ContainingType.InheritsFromOrEqualsDefinition(cookieOptions)
                            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
                        {
                            var strict = operation.Value.ConstantValue is { HasValue: true, Value: int mode } && mode == SameSiteStrict;
                            strictCookies = (strictCookies ?? true) && strict;
                        }

                        break;
                    }

                    case AssignmentExpressionSyntax assignment when AssignedName(assignment) is "FallbackPolicy" or "GlobalLimiter":
                    {
                        model ??= modelFor(tree);
                        if (model.GetOperation(assignment) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation
                            || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation)
                            || operation.Value.ConstantValue is { HasValue: true, Value: null })
                        {
                            break;
                        }

                        if (target.Property.Name == "FallbackPolicy" && target.Property.ContainingType.InheritsFromOrEqualsDefinition(authorizationOptions))
                        {
                            fallback = true;
                        }
                        else if (target.Property.Name == "GlobalLimiter" && target.Property.ContainingType.InheritsFromOrEqualsDefinition(rateLimiterOptions))
                        {
                            limiter = true;
                            rateLimiting = true;
                        }

                        break;
                    }
                }
            }
        }

        var controllerMarks = filters.ToImmutable().AddRange(controllerConventions);
        var pageMarks = filters.ToImmutable().AddRange(pageConventions);
        var strictPolicy = Sessions.CookiePolicyFacts.For(compilation).MinimumSameSite == SameSiteStrict;
        builds.Sort(static (a, b) =>
        {
            var byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byFile != 0 ? byFile : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
        });
        return new GlobalEndpointPolicy(
            fallback,
            limiter && useLimiter,
            (cookie && !bearerByDefault) || (sessionRegistered && sessionIdentity),
            bearer || bearerByDefault,
            validation,
            strictCookies == true || strictPolicy,
            controllerMarks,
            pageMarks,
            services.ToImmutable(),
            authentication,
            runtimeCalls.ToImmutable(),
            builds.ToImmutableArray(),
            rateLimiting || runtimeCalls.Contains("AddRateLimiting"),
            rateLimitingMiddleware,
            mapsEndpoints)
        {
            ModelStateFilter = AnyChecksModelState(filterTypes),
        };
    }

    private static bool AnyChecksModelState(List<INamedTypeSymbol> filterTypes)
    {
        foreach (var type in filterTypes)
        {
            if (ValidationRules.FilterChecksModelState(type))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] IdentityKeyWords = { "user", "account", "login", "logged", "auth", "member", "identity", "principal", "role", "staff", "employee", "admin" };

    /// <summary>
    /// <c>….Session.GetString("UserId")</c>, <c>GetInt32</c>, <c>Get</c> or <c>TryGetValue</c> with a key
    /// that names the signed-in user. Read from syntax: the key is what says the session is used for
    /// identity rather than, say, a basket, and it is a literal.
    /// </summary>
    private static bool ReadsIdentityFromSession(InvocationExpressionSyntax invocation)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetString" or "GetInt32" or "Get" or "TryGetValue" } member
            || member.Expression switch
            {
                MemberAccessExpressionSyntax receiver => receiver.Name.Identifier.ValueText != "Session",
                IdentifierNameSyntax receiver => receiver.Identifier.ValueText != "Session",
                _ => true,
            }
            || invocation.ArgumentList.Arguments.Count == 0
            || invocation.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax key
            || !key.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return false;
        }

        var text = key.Token.ValueText.ToLowerInvariant();
        foreach (var word in IdentityKeyWords)
        {
            if (text.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An application's own registration helper by its name: <c>AddApiAuthentication</c>, <c>AddJwtAuth</c>.</summary>
    private static bool NamesOwnAuthenticationRegistration(string name)
        => name.StartsWith("Add", StringComparison.Ordinal) && name.IndexOf("Auth", StringComparison.Ordinal) > 0;

    /// <summary>
    /// True when <paramref name="method"/> is declared in a referenced assembly of the application's
    /// (a shared infrastructure project, not the framework) that references the JwtBearer handler
    /// and not the cookie handler or Identity: calling it registers bearer authentication.
    /// </summary>
    /// <remarks>
    /// A helper in this compilation needs no such guess: its body is walked like Program.cs, so the
    /// <c>AddJwtBearer</c> inside it is seen. A referenced project's body is not available, but its
    /// assembly references are: a compiler records only the assemblies whose types the code uses.
    /// </remarks>
    private static bool RegistersOnlyBearerInReferencedAssembly(IMethodSymbol method, Compilation compilation)
    {
        var assembly = method.ContainingAssembly;
        if (assembly is null
            || SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly)
            || assembly.Name.StartsWith("Microsoft.", StringComparison.Ordinal)
            || assembly.Name.StartsWith("System.", StringComparison.Ordinal))
        {
            return false;
        }

        var jwtBearer = false;
        foreach (var module in assembly.Modules)
        {
            foreach (var reference in module.ReferencedAssemblies)
            {
                switch (reference.Name)
                {
                    case "Microsoft.AspNetCore.Authentication.JwtBearer":
                        jwtBearer = true;
                        break;
                    case "Microsoft.AspNetCore.Authentication.Cookies" or "Microsoft.AspNetCore.Identity":
                        return false;
                }
            }
        }

        return jwtBearer;
    }

    /// <summary><c>WebApplication</c>, or <c>IHost</c> (the generic host a Startup-class application builds).</summary>
    private static bool IsApplicationType(ITypeSymbol? type)
        => type is { Name: "WebApplication" or "IHost" }
           && type.ContainingNamespace?.ToDisplayString() is "Microsoft.AspNetCore.Builder" or "Microsoft.Extensions.Hosting";

    /// <summary><c>Filters.Add&lt;T&gt;()</c>, <c>Filters.Add(typeof(T))</c>, <c>Filters.Add(new T(...))</c>, <c>AddService&lt;T&gt;()</c>.</summary>
    private static INamedTypeSymbol? AddFilter(IInvocationOperation operation, EndpointSymbols symbols, ImmutableArray<ControlMark>.Builder filters)
    {
        INamedTypeSymbol? type = null;
        if (operation.TargetMethod.IsGenericMethod && operation.TargetMethod.TypeArguments.Length == 1)
        {
            type = operation.TargetMethod.TypeArguments[0] as INamedTypeSymbol;
        }
        else
        {
            foreach (var argument in operation.Arguments)
            {
                switch (argument.Value.WalkDownConversionsAndParentheses())
                {
                    case ITypeOfOperation typeOf:
                        type ??= typeOf.TypeOperand as INamedTypeSymbol;
                        break;
                    case IObjectCreationOperation creation:
                        type ??= creation.Type as INamedTypeSymbol;
                        break;
                }
            }
        }

        if (type is not null)
        {
            symbols.AddMarks(filters, type, ImmutableArray<TypedConstant>.Empty);
        }

        return type;
    }

    private static void AddServices(IInvocationOperation operation, ImmutableHashSet<ITypeSymbol>.Builder services)
    {
        foreach (var typeArgument in operation.TargetMethod.TypeArguments)
        {
            services.Add(typeArgument);
        }

        foreach (var argument in operation.Arguments)
        {
            if (argument.Value.WalkDownConversionsAndParentheses() is ITypeOfOperation typeOf)
            {
                services.Add(typeOf.TypeOperand);
            }
        }
    }

    /// <summary><c>….Filters.Add(…)</c>: <c>Add</c> is far too common a name to bind every call.</summary>
    private static bool OnFilters(InvocationExpressionSyntax invocation)
        => invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
            && receiver switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "Filters",
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Filters",
                _ => false,
            };

    /// <summary><c>….Cookie.SameSite = …</c>, the shape of an authentication handler's cookie setting.</summary>
    private static bool OnCookieBuilder(AssignmentExpressionSyntax assignment)
        => assignment.Left is MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cookie" } };

    private static bool IsNullArgument(IInvocationOperation operation)
    {
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Ordinal == (operation.TargetMethod.IsExtensionMethod ? 1 : 0))
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: null };
            }
        }

        return false;
    }

    private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static string? AssignedName(AssignmentExpressionSyntax assignment)
        => !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            ? null
            : assignment.Left switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };

    /// <summary>
    /// <c>AddAuthentication("Bearer")</c>, or <c>DefaultScheme</c> / <c>DefaultAuthenticateScheme</c> set to
    /// "Bearer" in its options lambda (<c>JwtBearerDefaults.AuthenticationScheme</c> is that constant).
    /// </summary>
    private static bool DefaultsToBearer(IInvocationOperation addAuthentication)
    {
        foreach (var argument in addAuthentication.Arguments)
        {
            if (IsBearerScheme(argument.Value))
            {
                return true;
            }

            foreach (var operation in argument.Value.Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DefaultScheme" or "DefaultAuthenticateScheme" } } assignment
                    && IsBearerScheme(assignment.Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="DefaultsToBearer(IInvocationOperation)"/> read from syntax, for a call that did not
    /// bind: a bearer scheme argument, or a <c>DefaultScheme</c> / <c>DefaultAuthenticateScheme</c>
    /// assignment to one in its options lambda.
    /// </summary>
    private static bool DefaultsToBearer(InvocationExpressionSyntax addAuthentication)
    {
        foreach (var argument in addAuthentication.ArgumentList.Arguments)
        {
            if (IsBearerScheme(argument.Expression))
            {
                return true;
            }

            foreach (var assignment in argument.Expression.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (AssignedName(assignment) is "DefaultScheme" or "DefaultAuthenticateScheme" && IsBearerScheme(assignment.Right))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsBearerScheme(ExpressionSyntax value)
        => value is LiteralExpressionSyntax { Token.ValueText: "Bearer" or "BearerToken" } literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
           || NamesBearerScheme(value);

    /// <summary><c>JwtBearerDefaults.AuthenticationScheme</c> or <c>BearerTokenDefaults.AuthenticationScheme</c>, by name: their packages may not be referenced at analysis time.</summary>
    private static bool NamesBearerScheme(SyntaxNode value)
    {
        var text = value.ToString();
        return text.EndsWith("BearerDefaults.AuthenticationScheme", StringComparison.Ordinal)
               || text.EndsWith("BearerTokenDefaults.AuthenticationScheme", StringComparison.Ordinal);
    }

    /// <summary>
    /// "Bearer", also when written as <c>JwtBearerDefaults.AuthenticationScheme</c> or
    /// <c>BearerTokenDefaults.AuthenticationScheme</c> whose package is not referenced at analysis time.
    /// </summary>
    private static bool IsBearerScheme(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: "Bearer" or "BearerToken" } || NamesBearerScheme(value.Syntax);
}
