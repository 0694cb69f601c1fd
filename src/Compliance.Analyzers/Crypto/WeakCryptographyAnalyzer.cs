using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Crypto;

/// <summary>
/// CMP4010: weak algorithms and modes. MD5 and SHA-1 hashing is judged in context: a hash stored
/// as an ETag, cache key or checksum (by the name it is stored under, or the method's name) is
/// not a security use. HMAC-SHA1 inside one-time-password code is what RFC 4226/6238 require.
/// Ciphers (DES, 3DES, RC2), ECB, weak PBKDF2 parameters, short RSA keys and constant IVs are
/// always reported: encryption is always a security context.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakCryptographyAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property present when the fix can switch the hash to SHA-256 mechanically.</summary>
    internal const string UseSha256Property = "UseSha256";

    private const string CryptographyNamespace = "System.Security.Cryptography";
    private const int MinimumIterations = 100_000;
    private const int MinimumRsaBits = 2048;

    private static readonly ImmutableHashSet<string> WeakHashes = ImmutableHashSet.Create("MD5", "SHA1");
    private static readonly ImmutableHashSet<string> WeakCiphers = ImmutableHashSet.Create("DES", "TripleDES", "RC2");
    private static readonly ImmutableDictionary<string, string> WeakImplementations = new Dictionary<string, string>
    {
        ["MD5CryptoServiceProvider"] = "MD5",
        ["SHA1CryptoServiceProvider"] = "SHA1",
        ["SHA1Managed"] = "SHA1",
        ["DESCryptoServiceProvider"] = "DES",
        ["TripleDESCryptoServiceProvider"] = "TripleDES",
        ["RC2CryptoServiceProvider"] = "RC2",
        ["HMACMD5"] = "HMACMD5",
        ["HMACSHA1"] = "HMACSHA1",
    }.ToImmutableDictionary();

    public WeakCryptographyAnalyzer()
        : base(Descriptors.WeakCryptography)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
    }

    private static bool IsCryptography(ISymbol? type) => type?.ContainingNamespace?.ToDisplayString() == CryptographyNamespace;

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (!IsCryptography(type))
        {
            return;
        }

        if (method.IsStatic && WeakHashes.Contains(type.Name) && method.Name is "Create" or "HashData" or "HashDataAsync" or "TryHashData")
        {
            ReportHash(context, invocation, type.Name);
        }
        else if (method.IsStatic && WeakCiphers.Contains(type.Name) && method.Name == "Create")
        {
            Report(context, invocation, $"{type.Name} is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC");
        }
        else if (method.Name is "EncryptEcb" or "DecryptEcb")
        {
            Report(context, invocation, "ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use AES-GCM");
        }
        else if (type.Name == "Rfc2898DeriveBytes" && method.Name == "Pbkdf2")
        {
            CheckPbkdf2(context, invocation, invocation.Arguments, requireHashArgument: true);
        }
        else if (type.Name == "RSA" && method.Name == "Create" && KeySize(invocation.Arguments) is { } bits && bits < MinimumRsaBits)
        {
            Report(context, invocation, $"An RSA key of {bits} bits can be factored; use at least {MinimumRsaBits} bits");
        }
        else if (method.Name is "EncryptCbc" or "DecryptCbc" or "EncryptCfb" or "DecryptCfb")
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "iv" && IsConstantBytes(argument.Value))
                {
                    Report(context, argument.Value, "A constant IV makes equal plaintexts encrypt equally; generate a random IV for every message");
                }
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (!IsCryptography(type))
        {
            return;
        }

        if (WeakImplementations.TryGetValue(type!.Name, out var algorithm))
        {
            if (algorithm is "MD5" or "SHA1")
            {
                ReportHash(context, creation, algorithm);
            }
            else if (algorithm is "HMACMD5" or "HMACSHA1")
            {
                if (!IsOneTimePasswordCode(context.ContainingSymbol))
                {
                    Report(context, creation, $"{algorithm} relies on a broken hash; use HMACSHA256");
                }
            }
            else
            {
                Report(context, creation, $"{algorithm} is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC");
            }
        }
        else if (type.Name == "Rfc2898DeriveBytes")
        {
            CheckPbkdf2(context, creation, creation.Arguments, requireHashArgument: true);
        }
        else if (type.Name == "RSACryptoServiceProvider" && KeySize(creation.Arguments) is { } bits && bits < MinimumRsaBits)
        {
            Report(context, creation, $"An RSA key of {bits} bits can be factored; use at least {MinimumRsaBits} bits");
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } || !IsCryptography(property.ContainingType))
        {
            return;
        }

        switch (property.Name)
        {
            case "Mode" when assignment.Value.ConstantValue is { HasValue: true, Value: 2 }:
                // CipherMode.ECB == 2
                Report(context, assignment, "ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use AES-GCM");
                break;
            case "IV" when IsConstantBytes(assignment.Value):
                Report(context, assignment, "A constant IV makes equal plaintexts encrypt equally; generate a random IV for every message");
                break;
            case "KeySize" when property.ContainingType.Name.StartsWith("RSA", StringComparison.Ordinal)
                && assignment.Value.ConstantValue is { HasValue: true, Value: int bits } && bits < MinimumRsaBits:
                Report(context, assignment, $"An RSA key of {bits} bits can be factored; use at least {MinimumRsaBits} bits");
                break;
        }
    }

    private static void CheckPbkdf2(OperationAnalysisContext context, IOperation operation, ImmutableArray<IArgumentOperation> arguments, bool requireHashArgument)
    {
        var hasHash = false;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "iterations" when argument.Value.ConstantValue is { HasValue: true, Value: int iterations } && iterations < MinimumIterations:
                    Report(context, operation, $"PBKDF2 with {iterations:N0} iterations is cheap to brute-force; use at least {MinimumIterations:N0} (OWASP recommends 600,000 with SHA-256)");
                    return;
                case "hashAlgorithm":
                    hasHash = true;
                    if (argument.Value is IPropertyReferenceOperation { Property.Name: "SHA1" or "MD5" } weak)
                    {
                        Report(context, operation, $"PBKDF2 with {weak.Property.Name} is weak; use HashAlgorithmName.SHA256 or stronger");
                        return;
                    }

                    break;
            }
        }

        if (requireHashArgument && !hasHash)
        {
            Report(context, operation, "PBKDF2 without a hash algorithm uses SHA-1; pass HashAlgorithmName.SHA256 or stronger");
        }
    }

    private static void ReportHash(OperationAnalysisContext context, IOperation operation, string algorithm)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(operation.Syntax.SyntaxTree);
        var checksumWords = ComplianceOptions.CryptoChecksumNames.Get(options);
        if (IsChecksumUse(operation, context.ContainingSymbol, checksumWords))
        {
            return;
        }

        var name = algorithm == "SHA1" ? "SHA-1" : algorithm;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.WeakCryptography,
            operation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(UseSha256Property, algorithm),
            $"{name} is a broken hash; use SHA-256 or stronger (for a non-security checksum, store it under a name such as etag or checksum)"));
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string message)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakCryptography, operation.Syntax.GetLocation(), message));

    /// <summary>A hash stored as an ETag, cache key or checksum, or computed by a method named so.</summary>
    private static bool IsChecksumUse(IOperation operation, ISymbol containingSymbol, IReadOnlyList<string> words)
    {
        var names = new List<string> { containingSymbol.Name };
        if (containingSymbol is IMethodSymbol { AssociatedSymbol: { } associated })
        {
            names.Add(associated.Name);
        }

        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IVariableDeclaratorOperation declarator:
                    names.Add(declarator.Symbol.Name);
                    break;
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation member }:
                    names.Add(member.Member.Name);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                    names.Add(local.Local.Name);
                    break;
                case IArgumentOperation { Parameter: { } parameter }:
                    names.Add(parameter.Name);
                    break;
            }

            if (current is IBlockOperation or IAnonymousFunctionOperation)
            {
                break;
            }
        }

        foreach (var name in names)
        {
            var lower = name.ToLowerInvariant();
            foreach (var word in words)
            {
                if (lower.Contains(word.ToLowerInvariant()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsOneTimePasswordCode(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is INamespaceSymbol)
            {
                break;
            }

            if (current.Name.IndexOf("otp", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int? KeySize(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name is "keySizeInBits" or "dwKeySize" && argument.Value.ConstantValue is { HasValue: true, Value: int bits })
            {
                return bits;
            }
        }

        return null;
    }

    /// <summary><c>new byte[16]</c> (all zero), <c>new byte[] { 1, 2, … }</c> of constants, or <c>Encoding.X.GetBytes("literal")</c>.</summary>
    private static bool IsConstantBytes(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            IArrayCreationOperation { Initializer: null } => true,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.All(static e => e.ConstantValue.HasValue),
            IInvocationOperation { TargetMethod: { Name: "GetBytes", ContainingNamespace: { } ns }, Arguments.Length: > 0 } invocation
                when ns.ToDisplayString() == "System.Text" => invocation.Arguments[invocation.Arguments.Length - 1].Value.ConstantValue.HasValue,
            _ => false,
        };
    }
}
