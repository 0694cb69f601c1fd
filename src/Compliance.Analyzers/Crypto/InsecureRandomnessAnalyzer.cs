using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Crypto;

/// <summary>
/// CMP6002: <c>System.Random</c> (an instance or <c>Random.Shared</c>) whose value becomes a
/// security value: stored, returned or passed under a name such as token, otp, password, salt,
/// nonce, key, secret, session, reset, or a code qualified as one (verificationCode, authCode,
/// a bare <c>code</c>; not ledgerCode or productCode) — directly, through <c>ToString()</c>, string
/// building, or <c>Convert.ToBase64String</c>/<c>ToHexString</c> of a filled buffer. Random
/// numbers for jitter, sampling or shuffling test data are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureRandomnessAnalyzer : ComplianceAnalyzer
{
    private static readonly ImmutableHashSet<string> SecurityWords = ImmutableHashSet.Create(
        "token", "otp", "totp", "hotp", "password", "passcode", "pin", "salt", "nonce", "key", "secret", "session", "reset", "csrf",
        "xsrf", "challenge", "verifier", "verification", "apikey", "credential");

    /// <summary>
    /// Words before "code" that make it a security code (authCode, confirmationCode, mfaCode). A
    /// code is otherwise a ledger, discount, product or colour code: "code" alone says nothing.
    /// Codes after a security word (verificationCode, resetCode, otpCode) match on that word.
    /// </summary>
    private static readonly ImmutableHashSet<string> SecurityCodes = ImmutableHashSet.Create(
        "auth", "authorization", "authentication", "confirmation", "confirm", "mfa", "2fa", "factor", "security", "recovery", "backup",
        "activation", "access", "login", "signin", "sms", "unlock", "pairing", "invite", "invitation", "magic");

    /// <summary>Words before "key" that make it a lookup key (cacheKey, partitionKey).</summary>
    private static readonly ImmutableHashSet<string> NonSecurityKeys = ImmutableHashSet.Create(
        "cache", "sort", "partition", "primary", "foreign", "lookup", "dictionary", "map", "row", "idempotency", "routing", "shard");

    private static readonly ImmutableHashSet<string> RandomMethods = ImmutableHashSet.Create(
        "Next", "NextInt64", "NextBytes", "NextDouble", "NextSingle", "GetItems", "GetString", "GetHexString");

    public InsecureRandomnessAnalyzer()
        : base(Descriptors.InsecureRandomness)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        if (context.Compilation.GetSpecialType(SpecialType.System_Object) is { } && knownTypes.Get("System.Random") is { } random)
        {
            context.RegisterOperationAction(c => Analyze(c, random), OperationKind.Invocation);
        }
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol random)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!RandomMethods.Contains(invocation.TargetMethod.Name) || !invocation.TargetMethod.ContainingType.InheritsFromOrEquals(random))
        {
            return;
        }

        var name = invocation.TargetMethod.Name == "NextBytes"
            ? SecurityNameOfBuffer(invocation)
            : SecurityNameOfValue(invocation, context.ContainingSymbol);
        if (name is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InsecureRandomness, invocation.Syntax.GetLocation(), name));
        }
    }

    /// <summary>The security name the value ends up under, following string building and encoding.</summary>
    private static string? SecurityNameOfValue(IOperation value, ISymbol containingSymbol)
    {
        var current = value;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation or IInterpolationOperation or IInterpolatedStringOperation or IBinaryOperation or IArrayInitializerOperation or IArrayCreationOperation or IConditionalOperation:
                    current = parent;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ToString" or "ToBase64String" or "ToHexString" or "ToHexStringLower" or "Join" or "Concat" or "Format" or "PadLeft" or "Substring" }:
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToBase64String" or "ToHexString" or "ToHexStringLower" or "Join" or "Concat" or "Format" } }:
                case IArgumentOperation { Parent: IObjectCreationOperation { Type.SpecialType: SpecialType.System_String } }:
                    current = parent;
                    continue;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsSecurityName(declarator.Symbol.Name) ? declarator.Symbol.Name : null;
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return TargetName(assignment.Target) is { } target && IsSecurityName(target) ? target : null;
                case IFieldInitializerOperation field when field.InitializedFields.Length > 0:
                    return IsSecurityName(field.InitializedFields[0].Name) ? field.InitializedFields[0].Name : null;
                case IPropertyInitializerOperation property when property.InitializedProperties.Length > 0:
                    return IsSecurityName(property.InitializedProperties[0].Name) ? property.InitializedProperties[0].Name : null;
                case IArgumentOperation { Parameter: { } parameter }:
                    return IsSecurityName(parameter.Name) ? parameter.Name : null;
                case IReturnOperation:
                    var member = containingSymbol is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : containingSymbol;
                    return IsSecurityName(member.Name) ? member.Name : null;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>For <c>random.NextBytes(buffer)</c>: the buffer's own name, or where it goes once encoded.</summary>
    private static string? SecurityNameOfBuffer(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length != 1)
        {
            return null;
        }

        var buffer = invocation.Arguments[0].Value;
        var bufferSymbol = buffer switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IFieldReferenceOperation field => field.Field,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (bufferSymbol is null)
        {
            return null;
        }

        if (IsSecurityName(bufferSymbol.Name))
        {
            return bufferSymbol.Name;
        }

        // Look through the same body for the buffer being encoded into a security value.
        var root = invocation;
        IOperation body = invocation;
        while (body.Parent is { } parent && parent is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            body = parent;
        }

        foreach (var reference in body.Descendants())
        {
            if (reference is ILocalReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation
                && !ReferenceEquals(reference, buffer)
                && SymbolOf(reference) is { } symbol
                && SymbolEqualityComparer.Default.Equals(symbol, bufferSymbol)
                && reference.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToBase64String" or "ToHexString" or "ToHexStringLower" or "ToBase64Url" } encode }
                && SecurityNameOfValue(encode, ContainingMember(root)) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    private static ISymbol ContainingMember(IOperation operation) => operation.SemanticModel!.GetEnclosingSymbol(operation.Syntax.SpanStart)!;

    private static ISymbol? SymbolOf(IOperation reference) => reference switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static string? TargetName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IMemberReferenceOperation member => member.Member.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IArrayElementReferenceOperation element => TargetName(element.ArrayReference),
        _ => null,
    };

    internal static bool IsSecurityName(string name)
    {
        var words = IdentifierWords.Split(name);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "code")
            {
                // A bare "code" holding a random number is the six-digit code texted or mailed to a user.
                // "2fa" is two words (2, fa): the pair before "code" is tried joined too.
                if (words.Count == 1
                    || (i > 0 && SecurityCodes.Contains(words[i - 1]))
                    || (i > 1 && (SecurityCodes.Contains(words[i - 2] + words[i - 1]) || (words[i - 2] == "one" && words[i - 1] == "time"))))
                {
                    return true;
                }

                continue;
            }

            if (!SecurityWords.Contains(words[i]))
            {
                continue;
            }

            if (words[i] == "key" && i > 0 && NonSecurityKeys.Contains(words[i - 1]))
            {
                continue;
            }

            return true;
        }

        return false;
    }
}
