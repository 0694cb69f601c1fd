using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Cookies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Sessions;

/// <summary>
/// CMP4004: the framework's own credential cookies — cookie authentication, session and
/// antiforgery — explicitly weakened through their <c>CookieBuilder</c>:
/// <c>SecurePolicy = None|SameAsRequest</c>, <c>HttpOnly = false</c> or <c>SameSite = None</c>.
/// Only explicit constant settings are reported (the builders' defaults are the framework's
/// choice), settings inside development-only branches are ignored, and a cookie policy that
/// forces the setting application-wide satisfies the rule.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CookieBuilderAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property naming the CookieBuilder property to fix.</summary>
    internal const string PropertyKey = "Property";

    private const int SecurePolicySameAsRequest = 0;
    private const int SecurePolicyNone = 2;
    private const int SameSiteNone = 0;

    public CookieBuilderAnalyzer()
        : base(Descriptors.InsecureFrameworkCookie)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.Get(TypeNames.CookieBuilder) is not null;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var cookieBuilder = knownTypes.Get(TypeNames.CookieBuilder)!;
        var owners = ImmutableArray.CreateBuilder<(INamedTypeSymbol Type, string Name)>();
        AddOwner(owners, knownTypes, TypeNames.CookieAuthenticationOptions, "authentication");
        AddOwner(owners, knownTypes, TypeNames.SessionOptions, "session");
        AddOwner(owners, knownTypes, TypeNames.AntiforgeryOptions, "antiforgery");
        if (owners.Count == 0)
        {
            return;
        }

        var ownerTypes = owners.ToImmutable();
        context.RegisterOperationAction(c => AnalyzeAssignment(c, cookieBuilder, ownerTypes), OperationKind.SimpleAssignment);
    }

    private static void AddOwner(ImmutableArray<(INamedTypeSymbol, string)>.Builder owners, KnownTypes knownTypes, string metadataName, string name)
    {
        if (knownTypes.Get(metadataName) is { } type)
        {
            owners.Add((type, name));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol cookieBuilder, ImmutableArray<(INamedTypeSymbol Type, string Name)> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target
            || target.Property.Name is not ("SecurePolicy" or "HttpOnly" or "SameSite")
            || !target.Property.ContainingType.InheritsFromOrEquals(cookieBuilder)
            || assignment.Value.ConstantValue is not { HasValue: true, Value: { } value })
        {
            return;
        }

        var setting = Describe(target.Property.Name, value);
        if (setting is null || OwnerName(target.Instance, owners) is not { } owner || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(assignment))
        {
            return;
        }

        var policy = CookiePolicyFacts.For(context.Compilation);
        var forced = target.Property.Name switch
        {
            "SecurePolicy" => policy.ForcesSecure,
            "HttpOnly" => policy.ForcesHttpOnly,
            _ => policy.MinimumSameSite > SameSiteNone,
        };
        if (forced)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.InsecureFrameworkCookie,
            assignment.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(PropertyKey, target.Property.Name),
            owner,
            setting));
    }

    private static string? Describe(string property, object value) => (property, value) switch
    {
        ("SecurePolicy", SecurePolicySameAsRequest) => "SecurePolicy = CookieSecurePolicy.SameAsRequest, so it is sent over plain HTTP whenever the request was",
        ("SecurePolicy", SecurePolicyNone) => "SecurePolicy = CookieSecurePolicy.None, so it is sent over plain HTTP",
        ("HttpOnly", false) => "HttpOnly = false, so script in the page can read it",
        ("SameSite", SameSiteNone) => "SameSite = SameSiteMode.None, so cross-site requests carry it",
        _ => null,
    };

    /// <summary>
    /// The framework cookie the builder belongs to: the assignment must go through the options'
    /// <c>Cookie</c> property (<c>options.Cookie.HttpOnly = …</c>), either directly or in an
    /// object initializer of that property.
    /// </summary>
    private static string? OwnerName(IOperation? instance, ImmutableArray<(INamedTypeSymbol Type, string Name)> owners)
    {
        IOperation? cookieProperty = instance switch
        {
            IPropertyReferenceOperation { Property.Name: "Cookie" } property => property,
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver => ImplicitReceiverTarget(receiver),
            _ => null,
        };

        if (cookieProperty is not IPropertyReferenceOperation { Property.Name: "Cookie" } cookie)
        {
            return null;
        }

        foreach (var (type, name) in owners)
        {
            if (cookie.Property.ContainingType.InheritsFromOrEquals(type))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>For <c>Cookie = { HttpOnly = false }</c>, the property whose initializer this is.</summary>
    private static IOperation? ImplicitReceiverTarget(IInstanceReferenceOperation receiver)
    {
        for (var current = receiver.Parent; current is not null; current = current.Parent)
        {
            if (current is IMemberInitializerOperation memberInitializer)
            {
                return memberInitializer.InitializedMember;
            }

            if (current is IObjectCreationOperation or IAnonymousFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }
}
