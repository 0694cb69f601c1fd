using System.Collections.Immutable;
using System.Globalization;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Sessions;

/// <summary>
/// CMP4005: sessions that outlive the automatic-logoff policy: <c>SessionOptions.IdleTimeout</c> and
/// Compliance.Runtime's session <c>IdleTimeout</c> over the idle maximum, the cookie
/// authentication <c>ExpireTimeSpan</c> over the idle maximum when it slides (the default) or over
/// the absolute maximum in any case, and persistent sign-ins (<c>IsPersistent = true</c>) in an
/// application that classifies PHI. Only constant durations are judged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionTimeoutAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property: the policy value in minutes the fix sets, or "false" for IsPersistent.</summary>
    internal const string PolicyValueProperty = "PolicyValue";

    public SessionTimeoutAnalyzer()
        : base(Descriptors.SessionTimeoutTooLong)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.HasAspNetCore;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var classifiesPhi = knownTypes.Get(TypeNames.PhiAttribute) is not null;
        context.RegisterOperationAction(c => Analyze(c, classifiesPhi), OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context, bool classifiesPhi)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property }
            || property.Name is not ("IdleTimeout" or "ExpireTimeSpan" or "IsPersistent")
            || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(assignment))
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(assignment.Syntax.SyntaxTree);
        var maxIdle = ComplianceOptions.SessionsMaxIdleMinutes.Get(options);
        var maxAbsolute = ComplianceOptions.SessionsMaxAbsoluteMinutes.Get(options);
        var owner = property.ContainingType;

        if (property.Name == "IsPersistent")
        {
            if (classifiesPhi && owner.Name == "AuthenticationProperties" && assignment.Value.ConstantValue is { HasValue: true, Value: true })
            {
                Report(context, assignment, "false", "A persistent sign-in survives closing the browser, so an unattended shared workstation stays signed in; use session cookies for PHI applications");
            }

            return;
        }

        if (!TimeSpanFolding.TryGetMinutes(assignment.Value, out var minutes))
        {
            return;
        }

        if (property.Name == "IdleTimeout" && (owner.InheritsFromOrEqualsByName("Microsoft.AspNetCore.Builder", "SessionOptions") || owner.ContainingNamespace.IsWithinNamespace("Compliance.Runtime")))
        {
            if (minutes > maxIdle)
            {
                Report(context, assignment, maxIdle.ToString(CultureInfo.InvariantCulture), $"The session idle timeout of {Format(minutes)} is longer than the automatic-logoff policy of {maxIdle} minutes");
            }
        }
        else if (property.Name == "ExpireTimeSpan" && owner.InheritsFromOrEqualsByName("Microsoft.AspNetCore.Authentication.Cookies", "CookieAuthenticationOptions"))
        {
            if (minutes > maxAbsolute)
            {
                Report(context, assignment, maxAbsolute.ToString(CultureInfo.InvariantCulture), $"The authentication cookie lives {Format(minutes)}, longer than the absolute session limit of {maxAbsolute} minutes");
            }
            else if (minutes > maxIdle && !DisablesSlidingExpiration(assignment))
            {
                Report(context, assignment, maxIdle.ToString(CultureInfo.InvariantCulture), $"With sliding expiration the authentication cookie's {Format(minutes)} is an idle timeout, longer than the automatic-logoff policy of {maxIdle} minutes");
            }
        }
    }

    private static void Report(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, string policyValue, string message)
        => context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SessionTimeoutTooLong,
            assignment.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(PolicyValueProperty, policyValue),
            message));

    /// <summary><c>SlidingExpiration = false</c> on the same options (same lambda or body) makes the lifetime absolute.</summary>
    private static bool DisablesSlidingExpiration(ISimpleAssignmentOperation assignment)
    {
        IOperation scope = assignment;
        while (scope.Parent is { } parent && parent is not (IAnonymousFunctionOperation or IMethodBodyBaseOperation or IObjectOrCollectionInitializerOperation))
        {
            scope = parent;
        }

        return (scope.Parent ?? scope).Descendants().Any(static o =>
            o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SlidingExpiration" }, Value.ConstantValue: { HasValue: true, Value: false } });
    }

    private static string Format(double minutes) => minutes >= 2880 && minutes % 1440 == 0
        ? (minutes / 1440).ToString(CultureInfo.InvariantCulture) + " days"
        : minutes >= 120 && minutes % 60 == 0
        ? (minutes / 60).ToString(CultureInfo.InvariantCulture) + " hours"
        : minutes.ToString("0.##", CultureInfo.InvariantCulture) + " minutes";
}
