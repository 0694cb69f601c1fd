using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.Cookies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// The configuration scan's part for <see cref="GlobalEndpointPolicy"/>: each recognised call or
/// assignment has its own method, which records what it says about the application (a global
/// filter, a fallback policy, a bearer handler, a Compliance.Runtime registration, ...);
/// <see cref="ToPolicy"/> turns the record into the policy.
/// </summary>
/// <remarks>
/// A syntax walk compares invoked and assigned names against a short list (no binding), and only
/// those candidate nodes are bound. Calls inside development-only branches do not count. What
/// needs the endpoint model (the marks of filters and of conventions above <c>MapControllers()</c>)
/// is kept as the calls themselves and resolved when the policy is built.
/// </remarks>
internal sealed class EndpointPolicyAccumulator : IConfigurationAccumulator
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
        .Concat(new[] { "Filters", "FallbackPolicy", "GlobalLimiter", "Build()", "Authentication(", "Auth(", "AddSession", "UseSession", "Session.Get", "Session.TryGetValue" })
        .ToArray();

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _filterCollection;
    private readonly INamedTypeSymbol? _authorizationOptions;
    private readonly INamedTypeSymbol? _rateLimiterOptions;
    private readonly INamedTypeSymbol? _cookieOptions;
    private readonly ImmutableHashSet<string>.Builder _runtimeCalls = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
    private readonly List<Location> _builds = new();
    private readonly List<INamedTypeSymbol> _filterTypes = new();
    private readonly List<IInvocationOperation> _controllerMaps = new();
    private readonly List<(IInvocationOperation? MapCall, ControlMark? Mark)> _pageConventions = new();
    private readonly ImmutableHashSet<ITypeSymbol>.Builder _services = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
    private bool _rateLimiting;
    private bool _rateLimitingMiddleware;
    private bool _mapsEndpoints;
    private bool _fallback;
    private bool _limiter;
    private bool _useLimiter;
    private bool _cookie;
    private bool _bearer;
    private bool _validation;
    private bool _bearerByDefault;
    private bool _authentication;
    private bool? _strictCookies;
    private bool _sessionRegistered;
    private bool _sessionIdentity;

    public EndpointPolicyAccumulator(Compilation compilation)
    {
        _compilation = compilation;
        var knownTypes = KnownTypes.For(compilation);
        _filterCollection = knownTypes.Get(TypeNames.FilterCollection);
        _authorizationOptions = knownTypes.Get(TypeNames.AuthorizationOptions);
        _rateLimiterOptions = knownTypes.Get(TypeNames.RateLimiterOptions);
        _cookieOptions = knownTypes.Get(TypeNames.CookieAuthenticationOptions);
    }

    /// <remarks>
    /// <c>SameSite</c> alone is in most files that append a cookie; the authentication cookie's is
    /// set as <c>….Cookie.SameSite</c> (<see cref="OnCookieBuilder"/>), so only that shape makes a
    /// file worth walking.
    /// </remarks>
    public bool Wants(SyntaxTree tree, string text)
        => SourceTextSearch.MentionsAny(text, FileWords) || SourceTextSearch.MentionsMemberAccess(text, "Cookie", "SameSite");

    public void Visit(SyntaxNode node, ConfigurationFile file)
    {
        switch (node)
        {
            case InvocationExpressionSyntax invocation when SyntaxNames.Invoked(invocation) is { } name && InvocationNames.Contains(name) && (name is not ("Add" or "AddService") || OnFilters(invocation)):
                RecognisedCall(invocation, name, file);
                break;
            case InvocationExpressionSyntax invocation when SyntaxNames.Invoked(invocation) is { } name && !InvocationNames.Contains(name) && NamesOwnAuthenticationRegistration(name):
                OwnAuthenticationRegistration(invocation, file);
                break;
            case InvocationExpressionSyntax invocation when SyntaxNames.Invoked(invocation) is "AddSession" or "UseSession":
                SessionRegistration(invocation, file);
                break;
            case InvocationExpressionSyntax invocation when !_sessionIdentity && ReadsIdentityFromSession(invocation):
                _sessionIdentity = true;
                break;
            case AssignmentExpressionSyntax assignment when SyntaxNames.Assigned(assignment) is "SameSite" && OnCookieBuilder(assignment):
                AuthenticationCookieSameSite(assignment, file);
                break;
            case AssignmentExpressionSyntax assignment when SyntaxNames.Assigned(assignment) is "FallbackPolicy" or "GlobalLimiter":
                PolicyAssignment(assignment, file);
                break;
        }
    }

    /// <summary>
    /// The policy. The marks of global filters and of conventions above <c>MapControllers()</c> /
    /// <c>MapRazorPages()</c> are resolved here, with the endpoint model's symbols and chains.
    /// </summary>
    public GlobalEndpointPolicy ToPolicy(EndpointSymbols symbols, ConventionChains chains, CookiePolicyFacts cookiePolicy)
    {
        var filters = ImmutableArray.CreateBuilder<ControlMark>();
        foreach (var type in _filterTypes)
        {
            symbols.AddMarks(filters, type, ImmutableArray<TypedConstant>.Empty);
        }

        var controllerConventions = ImmutableArray.CreateBuilder<ControlMark>();
        foreach (var map in _controllerMaps)
        {
            controllerConventions.AddRange(chains.MarksAbove(map));
        }

        var pageMarks = ImmutableArray.CreateBuilder<ControlMark>();
        foreach (var (mapCall, mark) in _pageConventions)
        {
            if (mapCall is not null)
            {
                pageMarks.AddRange(chains.MarksAbove(mapCall));
            }
            else if (mark is { } fixedMark)
            {
                pageMarks.Add(fixedMark);
            }
        }

        var sortedBuilds = _builds.ToList();
        sortedBuilds.Sort(static (a, b) =>
        {
            var byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byFile != 0 ? byFile : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
        });
        var runtime = _runtimeCalls.ToImmutable();
        return new GlobalEndpointPolicy(
            _fallback,
            _limiter && _useLimiter,
            (_cookie && !_bearerByDefault) || (_sessionRegistered && _sessionIdentity),
            _bearer || _bearerByDefault,
            _validation,
            _strictCookies == true || cookiePolicy.MinimumSameSite == SameSiteStrict,
            filters.ToImmutable().AddRange(controllerConventions),
            filters.ToImmutable().AddRange(pageMarks),
            _services.ToImmutable(),
            _authentication,
            runtime,
            sortedBuilds.ToImmutableArray(),
            _rateLimiting || runtime.Contains("AddRateLimiting"),
            _rateLimitingMiddleware,
            _mapsEndpoints)
        {
            ModelStateFilter = AnyChecksModelState(_filterTypes),
        };
    }

    /// <summary>A call whose name is on the list: bound, then handed to the method for what it registers.</summary>
    private void RecognisedCall(InvocationExpressionSyntax invocation, string name, ConfigurationFile file)
    {
        var bound = file.Model.GetOperation(invocation);
        if (bound is IInvalidOperation && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(bound))
        {
            UnboundCall(invocation, name);
            return;
        }

        if (bound is not IInvocationOperation operation || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
        {
            return;
        }

        var method = operation.TargetMethod;
        var ns = method.ContainingType?.ContainingNamespace;
        var framework = ns.IsWithinNamespace("Microsoft");
        if (RuntimeRegistrations.TryGetValue(name, out var declaringType) && method.ContainingType?.Name == declaringType)
        {
            RuntimeRegistration(name);
            return;
        }

        switch (name)
        {
            case "Build" when IsApplicationType(operation.Type):
                ApplicationBuild(invocation);
                break;
            case "Add" or "AddService" when _filterCollection is not null && (operation.Instance?.Type).InheritsFromOrEqualsDefinition(_filterCollection):
                GlobalFilter(operation);
                break;
            case "UseRateLimiter" when framework:
                UseRateLimiter();
                break;
            case "AddRateLimiter" when framework:
                _rateLimiting = true;
                break;
            case var thirdParty when ThirdPartyRateLimiting.Contains(thirdParty) && ns.IsNamespace(ThirdPartyRateLimitingNamespace):
                _rateLimitingMiddleware = true;
                break;
            case "SetFallbackPolicy" when framework && !IsNullArgument(operation):
                _fallback = true;
                break;
            case "MapControllers" or "MapDefaultControllerRoute" or "MapControllerRoute" or "MapAreaControllerRoute" when framework:
                MapControllers(operation);
                break;
            case "MapRazorPages" when framework:
                MapRazorPages(operation);
                break;
            case "AuthorizeFolder" when framework && (ConventionChains.ConstantArgument(operation, "folderPath") is "/" or ""):
                _pageConventions.Add((null, new ControlMark(ControlKind.Authorize)));
                break;
            case "AddCookie" or "AddIdentity" or "AddDefaultIdentity" or "AddIdentityCookies" or "AddIdentityApiEndpoints" when framework:
                CookieAuthentication();
                break;
            case "AddBearerToken" or "AddJwtBearer":
                BearerAuthentication();
                break;
            case "AddMicrosoftIdentityWebApiAuthentication" or "AddMicrosoftIdentityWebAppAuthentication":
                _authentication = true;
                break;
            case "AddAuthentication" when framework:
                // Identity registers its cookie schemes, but with a bearer default scheme
                // endpoints authenticate with the token: a browser's cookie proves nothing.
                _bearerByDefault |= DefaultsToBearer(operation);
                _authentication = true;
                break;
            case "AddValidation" when method.ContainingType?.Name == "ValidationServiceCollectionExtensions":
                _validation = true;
                break;
            default:
                if (ns.IsWithinNamespace("Microsoft.Extensions.DependencyInjection"))
                {
                    ServiceRegistration(operation);
                }

                break;
        }
    }

    /// <summary>
    /// A call on the list that did not bind. A package that is not restored yet (an IDE before
    /// restore, a partial checkout) leaves its extension methods unbound, and every call chained to
    /// them with them: AddAuthentication(...).AddJwtBearer(...) binds to nothing. The bearer
    /// registrations still say what the application does. Half-typed registrations count too:
    /// reporting a missing AddCompliance() while the user is typing its options lambda would be noise.
    /// </summary>
    private void UnboundCall(InvocationExpressionSyntax invocation, string name)
    {
        switch (name)
        {
            case "AddBearerToken" or "AddJwtBearer":
                BearerAuthentication();
                break;
            case "AddAuthentication":
                _bearerByDefault |= DefaultsToBearer(invocation);
                _authentication = true;
                break;
            case "AddCookie" or "AddIdentity" or "AddDefaultIdentity" or "AddIdentityCookies" or "AddIdentityApiEndpoints"
                or "AddMicrosoftIdentityWebApiAuthentication" or "AddMicrosoftIdentityWebAppAuthentication":
                _authentication = true;
                break;
            case var runtime when RuntimeRegistrations.ContainsKey(runtime):
                _runtimeCalls.Add(runtime);
                break;
            case var thirdParty when ThirdPartyRateLimiting.Contains(thirdParty):
                _rateLimitingMiddleware = true;
                break;
        }
    }

    /// <summary><c>AddCompliance()</c>, <c>UseCompliance()</c> or one of the features, declared by Compliance.Runtime.</summary>
    private void RuntimeRegistration(string name)
    {
        _runtimeCalls.Add(name);
        _rateLimiting |= name == "AddRateLimiting";
    }

    /// <summary><c>builder.Build()</c> creating a <c>WebApplication</c> or a generic host: the compilation is an application.</summary>
    private void ApplicationBuild(InvocationExpressionSyntax invocation) => _builds.Add(invocation.GetLocation());

    /// <summary><c>options.Filters.Add(…)</c> on MVC's filter collection: a filter on every controller and page.</summary>
    private void GlobalFilter(IInvocationOperation operation)
    {
        if (FilterType(operation) is { } filterType)
        {
            _filterTypes.Add(filterType);
        }
    }

    /// <summary><c>app.UseRateLimiter()</c>: the global limiter, if any, is in the pipeline.</summary>
    private void UseRateLimiter()
    {
        _useLimiter = true;
        _rateLimiting = true;
    }

    /// <summary><c>MapControllers()</c> and its siblings: controllers are endpoints, with the conventions chained above the call.</summary>
    private void MapControllers(IInvocationOperation operation)
    {
        _mapsEndpoints = true;
        _controllerMaps.Add(operation);
    }

    /// <summary><c>MapRazorPages()</c>: pages are endpoints, with the conventions chained above the call.</summary>
    private void MapRazorPages(IInvocationOperation operation)
    {
        _mapsEndpoints = true;
        _pageConventions.Add((operation, null));
    }

    /// <summary>Cookie authentication or ASP.NET Core Identity (its cookies authenticate).</summary>
    private void CookieAuthentication()
    {
        _cookie = true;
        _authentication = true;
    }

    /// <summary>A bearer-token handler.</summary>
    private void BearerAuthentication()
    {
        _bearer = true;
        _authentication = true;
    }

    /// <summary>A registration of services: the registered types are not bound from the request.</summary>
    private void ServiceRegistration(IInvocationOperation operation)
    {
        foreach (var typeArgument in operation.TargetMethod.TypeArguments)
        {
            _services.Add(typeArgument);
        }

        foreach (var argument in operation.Arguments)
        {
            if (argument.Value.WalkDownConversionsAndParentheses() is ITypeOfOperation typeOf)
            {
                _services.Add(typeOf.TypeOperand);
            }
        }
    }

    /// <summary>An application's own helper named like an authentication registration, declared in a referenced assembly that registers only bearer tokens.</summary>
    private void OwnAuthenticationRegistration(InvocationExpressionSyntax invocation, ConfigurationFile file)
    {
        if (file.Model.GetOperation(invocation) is IInvocationOperation operation
            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation)
            && RegistersOnlyBearerInReferencedAssembly(operation.TargetMethod, _compilation))
        {
            BearerAuthentication();
        }
    }

    /// <summary><c>AddSession()</c> / <c>UseSession()</c> of the framework.</summary>
    private void SessionRegistration(InvocationExpressionSyntax invocation, ConfigurationFile file)
    {
        _sessionRegistered |= file.Model.GetOperation(invocation) is IInvocationOperation operation
            && operation.TargetMethod.ContainingNamespace.IsWithinNamespace("Microsoft")
            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation);
    }

    /// <summary>
    /// The authentication cookie's SameSite mode: Strict means browsers never attach it to a
    /// cross-site request. Response cookies (CookieOptions initializers) also set SameSite; the
    /// shape check before this keeps their method bodies from being bound.
    /// </summary>
    private void AuthenticationCookieSameSite(AssignmentExpressionSyntax assignment, ConfigurationFile file)
    {
        if (file.Model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: IPropertyReferenceOperation { Property.Name: "Cookie" } cookieProperty } } operation
            && cookieProperty.Property.ContainingType.InheritsFromOrEqualsDefinition(_cookieOptions)
            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
        {
            var strict = operation.Value.ConstantValue is { HasValue: true, Value: int mode } && mode == SameSiteStrict;
            _strictCookies = (_strictCookies ?? true) && strict;
        }
    }

    /// <summary><c>AuthorizationOptions.FallbackPolicy = …</c> or <c>RateLimiterOptions.GlobalLimiter = …</c> (not null).</summary>
    private void PolicyAssignment(AssignmentExpressionSyntax assignment, ConfigurationFile file)
    {
        if (file.Model.GetOperation(assignment) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation
            || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation)
            || operation.Value.ConstantValue is { HasValue: true, Value: null })
        {
            return;
        }

        if (target.Property.Name == "FallbackPolicy" && target.Property.ContainingType.InheritsFromOrEqualsDefinition(_authorizationOptions))
        {
            _fallback = true;
        }
        else if (target.Property.Name == "GlobalLimiter" && target.Property.ContainingType.InheritsFromOrEqualsDefinition(_rateLimiterOptions))
        {
            _limiter = true;
            _rateLimiting = true;
        }
    }

    private static bool AnyChecksModelState(IEnumerable<INamedTypeSymbol> filterTypes)
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
           && (type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Builder") || type.ContainingNamespace.IsNamespace("Microsoft.Extensions.Hosting"));

    /// <summary>The filter type of <c>Filters.Add&lt;T&gt;()</c>, <c>Filters.Add(typeof(T))</c>, <c>Filters.Add(new T(...))</c>, <c>AddService&lt;T&gt;()</c>.</summary>
    private static INamedTypeSymbol? FilterType(IInvocationOperation operation)
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

        return type;
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
                if (SyntaxNames.Assigned(assignment) is "DefaultScheme" or "DefaultAuthenticateScheme" && IsBearerScheme(assignment.Right))
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
