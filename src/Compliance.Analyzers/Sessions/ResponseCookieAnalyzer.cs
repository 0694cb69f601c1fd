using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Cookies;
using Compliance.Analyzers.Infrastructure.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Sessions;

/// <summary>
/// CMP4001–CMP4003: cookies written through <c>Response.Cookies.Append</c> (or deleted with
/// explicit options) must be HttpOnly, Secure and have at least the configured SameSite mode on
/// every path. The options object is followed from its creation to the call; an application-wide
/// <c>CookiePolicyOptions</c> that forces a setting (with <c>UseCookiePolicy()</c>) satisfies it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseCookieAnalyzer : ComplianceAnalyzer
{
    /// <summary>Indexes into the tracked properties, in <see cref="TrackedProperties"/> order.</summary>
    internal const int HttpOnlyIndex = 0;
    internal const int SecureIndex = 1;
    internal const int SameSiteIndex = 2;

    /// <summary>Diagnostic property naming the CookieOptions property to fix.</summary>
    internal const string PropertyKey = "Property";

    internal static readonly ImmutableArray<string> TrackedProperties = ImmutableArray.Create("HttpOnly", "Secure", "SameSite");

    private const int SameSiteUnspecified = -1;
    private const int SameSiteNone = 0;

    public ResponseCookieAnalyzer()
        : base(Descriptors.CookieWithoutHttpOnly, Descriptors.CookieWithoutSecure, Descriptors.CookieWithoutStrictSameSite)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes)
        => knownTypes.Get(TypeNames.IResponseCookies) is not null && knownTypes.Get(TypeNames.CookieOptions) is not null;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var responseCookies = knownTypes.Get(TypeNames.IResponseCookies)!;
        var cookieOptions = knownTypes.Get(TypeNames.CookieOptions)!;
        var flow = CreateFlow(responseCookies, cookieOptions);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, responseCookies, cookieOptions, flow), OperationKind.Invocation);
    }

    /// <summary>The flow used by the analyzer and its code fix, so both agree on what is set where.</summary>
    internal static ObjectPropertyFlow CreateFlow(INamedTypeSymbol responseCookies, INamedTypeSymbol cookieOptions)
        => new(cookieOptions, TrackedProperties, reference =>
            reference.Parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && IsResponseCookiesMethod(invocation.TargetMethod, responseCookies));

    internal static bool IsResponseCookiesMethod(IMethodSymbol method, INamedTypeSymbol responseCookies)
    {
        if (method.Name is not ("Append" or "Delete"))
        {
            return false;
        }

        var type = method.ContainingType;
        return SymbolEqualityComparer.Default.Equals(type, responseCookies)
            || type.AllInterfaces.Contains(responseCookies, SymbolEqualityComparer.Default);
    }

    /// <summary>The argument that carries the CookieOptions, or null for <c>Append(key, value)</c> / <c>Delete(key)</c>.</summary>
    internal static IArgumentOperation? OptionsArgument(IInvocationOperation invocation, INamedTypeSymbol cookieOptions)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, cookieOptions))
            {
                return argument;
            }
        }

        return null;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol responseCookies, INamedTypeSymbol cookieOptions, ObjectPropertyFlow flow)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsResponseCookiesMethod(invocation.TargetMethod, responseCookies))
        {
            return;
        }

        var isDelete = invocation.TargetMethod.Name == "Delete";
        var optionsArgument = OptionsArgument(invocation, cookieOptions);
        if (optionsArgument is null && isDelete)
        {
            // Deleting without options writes an expired cookie; there is nothing to protect.
            return;
        }

        var state = optionsArgument is null
            ? ObjectState.Created(TrackedProperties.Length)
            : flow.Evaluate(optionsArgument.Value, context.CancellationToken);
        if (!state.IsTracked)
        {
            return;
        }

        var location = (optionsArgument?.Syntax ?? invocation.Syntax).GetLocation();
        var cookieName = CookieName(invocation);
        var passesOptions = optionsArgument is not null;
        var minimumSameSite = (int)ComplianceOptions.SessionsMinimumSameSite.Get(context.Options, invocation.Syntax.SyntaxTree);
        CookiePolicyFacts? policy = null;

        var httpOnly = state[HttpOnlyIndex];
        if (IsUnsafeFlag(httpOnly, isDelete) && !(policy ??= CookiePolicyFacts.For(context.Compilation)).ForcesHttpOnly)
        {
            Report(context, Descriptors.CookieWithoutHttpOnly, location, "HttpOnly", cookieName, DescribeFlag("HttpOnly", httpOnly, passesOptions));
        }

        var secure = state[SecureIndex];
        if (IsUnsafeFlag(secure, isDelete) && !(policy ??= CookiePolicyFacts.For(context.Compilation)).ForcesSecure)
        {
            Report(context, Descriptors.CookieWithoutSecure, location, "Secure", cookieName, DescribeFlag("Secure", secure, passesOptions));
        }

        var sameSite = state[SameSiteIndex];
        var sameSiteUnsafe = isDelete
            ? sameSite.Any(static v => v is SameSiteNone)
            : !sameSite.All(v => v is int mode && mode >= minimumSameSite);
        if (sameSiteUnsafe && (policy ??= CookiePolicyFacts.For(context.Compilation)).MinimumSameSite < minimumSameSite)
        {
            Report(
                context,
                Descriptors.CookieWithoutStrictSameSite,
                location,
                "SameSite",
                cookieName,
                DescribeSameSite(sameSite, minimumSameSite, passesOptions),
                minimumSameSite == (int)MinimumSameSite.Strict ? "Strict" : "Lax");
        }
    }

    /// <summary>
    /// A flag is safe when every path sets it to the constant true. Deleting a cookie only matters
    /// when the options explicitly weaken it, so only an explicit false is reported there.
    /// </summary>
    private static bool IsUnsafeFlag(PropertyValueSet values, bool isDelete)
        => isDelete ? values.Any(static v => v is false) : !values.All(static v => v is true);

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, Location location, string property, params object[] arguments)
        => context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(PropertyKey, property),
            arguments));

    private static string DescribeFlag(string property, PropertyValueSet values, bool passesOptions)
    {
        if (!passesOptions)
        {
            return $"no CookieOptions are passed and the default is {property} = false";
        }

        if (values.Any(static v => v is false))
        {
            return $"{property} is set to false";
        }

        if (values.MayBeNonConstant)
        {
            return $"{property} is set from a value that is not the constant true";
        }

        return values.Constants.IsEmpty
            ? $"{property} is never set and CookieOptions defaults to false"
            : $"{property} is not set to true on every path";
    }

    private static string DescribeSameSite(PropertyValueSet values, int minimum, bool passesOptions)
    {
        if (!passesOptions)
        {
            return "no CookieOptions (the default is SameSite=Unspecified, which leaves the decision to the browser)";
        }

        foreach (var value in values.Constants)
        {
            if (value is int mode && mode < minimum)
            {
                return "SameSite=" + SameSiteName(mode);
            }
        }

        if (values.MayBeNonConstant)
        {
            return "a SameSite mode that is not a constant";
        }

        return values.Constants.IsEmpty
            ? "no SameSite mode (the default is Unspecified, which leaves the decision to the browser)"
            : "a SameSite mode that is not set on every path";
    }

    private static string SameSiteName(int mode) => mode switch
    {
        SameSiteUnspecified => "Unspecified",
        SameSiteNone => "None",
        1 => "Lax",
        2 => "Strict",
        _ => mode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string CookieName(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "key")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: string name } ? name : argument.Value.Syntax.ToString();
            }
        }

        // Append(ReadOnlySpan<KeyValuePair<string, string>>, CookieOptions) writes several cookies.
        return "(several cookies)";
    }
}
