using System.Collections.Immutable;
using System.Globalization;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Sessions;

/// <summary>
/// CMP4007: token validation turned off or hollowed out on <c>TokenValidationParameters</c> (matched
/// by metadata name, no package needed): a check flag set to the constant false, a validator
/// delegate that accepts everything or returns the token without checking it, a clock skew over
/// five minutes; and tokens issued for more than 60 minutes (<c>SecurityTokenDescriptor.Expires</c>,
/// <c>JwtSecurityToken</c>'s <c>expires</c>). Development-only branches are ignored.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JwtValidationAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property present when the fix can restore the check by setting the flag to true.</summary>
    internal const string RestoreFlagProperty = "RestoreFlag";

    private const string TokensNamespace = "Microsoft.IdentityModel.Tokens";
    private const double MaxClockSkewMinutes = 5;
    private const double MaxTokenLifetimeMinutes = 60;

    private static readonly ImmutableDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["ValidateIssuer"] = "any issuer is accepted",
        ["ValidateAudience"] = "tokens minted for other applications are accepted",
        ["ValidateLifetime"] = "expired tokens are accepted",
        ["ValidateIssuerSigningKey"] = "the signing key is not checked",
        ["RequireSignedTokens"] = "unsigned tokens are accepted",
        ["RequireExpirationTime"] = "tokens that never expire are accepted",
        ["RequireAudience"] = "tokens without an audience are accepted",
    }.ToImmutableDictionary();

    public JwtValidationAnalyzer()
        : base(Descriptors.JwtValidationWeakened)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(assignment))
        {
            return;
        }

        if (property.ContainingType.InheritsFromOrEqualsByName(TokensNamespace, "TokenValidationParameters"))
        {
            if (Flags.TryGetValue(property.Name, out var consequence) && assignment.Value.ConstantValue is { HasValue: true, Value: false })
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.JwtValidationWeakened,
                    assignment.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(RestoreFlagProperty, "true"),
                    $"{property.Name} = false: {consequence}"));
            }
            else if (property.Name is "IssuerValidator" or "AudienceValidator" or "LifetimeValidator" or "IssuerSigningKeyValidator" or "SignatureValidator" or "TokenReplayValidator"
                && AcceptsEverything(assignment.Value))
            {
                Report(context, assignment, $"{property.Name} accepts every token without checking it");
            }
            else if (property.Name == "ClockSkew" && TimeSpanFolding.TryGetMinutes(assignment.Value, out var skew) && skew > MaxClockSkewMinutes)
            {
                Report(context, assignment, $"A clock skew of {skew.ToString("0.##", CultureInfo.InvariantCulture)} minutes keeps expired tokens valid; keep it at 5 minutes or less");
            }
        }
        else if (property.ContainingType.InheritsFromOrEqualsByName(TokensNamespace, "SecurityTokenDescriptor") && property.Name == "Expires")
        {
            ReportLifetime(context, assignment, assignment.Value);
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter?.Name == "expires"
            && argument.Parent is IObjectCreationOperation { Type.Name: "JwtSecurityToken" }
            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(argument))
        {
            ReportLifetime(context, argument, argument.Value);
        }
    }

    private static void ReportLifetime(OperationAnalysisContext context, IOperation operation, IOperation value)
    {
        if (TimeSpanFolding.TryGetOffsetFromNow(value, out var minutes) && minutes > MaxTokenLifetimeMinutes)
        {
            Report(context, operation, $"Tokens valid for {minutes.ToString("0.##", CultureInfo.InvariantCulture)} minutes stay usable long after theft; issue access tokens for 60 minutes or less and refresh them");
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string message)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.JwtValidationWeakened, operation.Syntax.GetLocation(), message));

    /// <summary>A validator lambda that always returns true, or returns its input (the token or issuer) untouched or merely rewrapped.</summary>
    private static bool AcceptsEverything(IOperation value)
    {
        if (DelegateFacts.AlwaysReturnsTrue(value))
        {
            return true;
        }

        if (DelegateFacts.Lambda(value) is not { Symbol.Parameters: { Length: > 0 } parameters } lambda)
        {
            return false;
        }

        var input = parameters[0];
        return DelegateFacts.AllReturns(lambda, returned => returned switch
        {
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, input),
            IObjectCreationOperation creation => creation.Arguments.Length == 1 && creation.Arguments[0].Value is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, input),
            _ => false,
        });
    }
}
