using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Crypto;

/// <summary>
/// CMP6001: weak algorithms and modes. MD5 and SHA-1 hashing is judged in context: a hash stored
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
    private const int MinimumCurveBits = 256;
    private const string DsaMessage = "DSA is deprecated (FIPS 186-5 no longer approves it for new signatures); use ECDSA with P-256 or stronger, or RSA of at least 2048 bits";

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

    /// <summary>
    /// The weak algorithms among CryptoConfig's names (upper case, without the
    /// System.Security.Cryptography prefix, spaces or dashes), as used by <c>HashAlgorithm.Create("MD5")</c>
    /// and <c>CryptoConfig.CreateFromName("SHA1")</c>.
    /// </summary>
    private static readonly ImmutableDictionary<string, string> WeakAlgorithmNames = new Dictionary<string, string>
    {
        ["MD5"] = "MD5",
        ["MD5CRYPTOSERVICEPROVIDER"] = "MD5",
        ["SHA"] = "SHA1",
        ["SHA1"] = "SHA1",
        ["SHA1CRYPTOSERVICEPROVIDER"] = "SHA1",
        ["SHA1MANAGED"] = "SHA1",
        ["SHA1CNG"] = "SHA1",
        ["DES"] = "DES",
        ["DESCRYPTOSERVICEPROVIDER"] = "DES",
        ["3DES"] = "TripleDES",
        ["TRIPLEDES"] = "TripleDES",
        ["TRIPLEDESCRYPTOSERVICEPROVIDER"] = "TripleDES",
        ["RC2"] = "RC2",
        ["RC2CRYPTOSERVICEPROVIDER"] = "RC2",
        ["HMACMD5"] = "HMACMD5",
        ["HMACSHA1"] = "HMACSHA1",
        ["DSA"] = "DSA",
        ["DSACRYPTOSERVICEPROVIDER"] = "DSA",
    }.ToImmutableDictionary();

    /// <summary>The factories that create an algorithm from its CryptoConfig name.</summary>
    private static readonly ImmutableHashSet<string> NameFactories = ImmutableHashSet.Create(
        "HashAlgorithm", "KeyedHashAlgorithm", "HMAC", "SymmetricAlgorithm", "AsymmetricAlgorithm", "CryptoConfig");

    /// <summary>Curve families whose friendly names carry the field size (secp192r1, prime192v1, nistP224, brainpoolP160r1).</summary>
    private static readonly string[] CurveFamilies = ["secp", "sect", "prime", "nistp", "p-", "brainpoolp"];

    public WeakCryptographyAnalyzer()
        : base(Descriptors.WeakCryptography)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(AnalyzeCurve, OperationKind.PropertyReference);
    }

    private static bool IsCryptography(ISymbol? type) => type is not null && type.ContainingNamespace.IsNamespace(CryptographyNamespace);

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
        else if (method.IsStatic && method.Name is "Create" or "CreateFromName" && NameFactories.Contains(type.Name))
        {
            CheckAlgorithmName(context, invocation);
        }
        else if (method.IsStatic && type.Name is "CryptographicOperations" or "IncrementalHash" && WeakHashAlgorithmName(invocation) is { } named)
        {
            CheckHashAlgorithmName(context, invocation, named.Argument, named.Algorithm);
        }
        else if (method.IsStatic && method.Name == "Create" && type.Name == "DSA")
        {
            Report(context, invocation, DsaMessage);
        }
        else if (type.Name == "ECCurve" && method.Name is "CreateFromFriendlyName" or "CreateFromValue" or "CreateFromOid"
            && invocation.Arguments.Length == 1 && CurveName(invocation.Arguments[0].Value) is { } curve && WeakCurveBits(curve) is { } curveBits)
        {
            Report(context, invocation, CurveMessage(curve, curveBits));
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
        else if (DerivesFrom(type, "RSA") && KeySize(creation.Arguments) is { } bits && bits < MinimumRsaBits)
        {
            Report(context, creation, $"An RSA key of {bits} bits can be factored; use at least {MinimumRsaBits} bits");
        }
        else if (DerivesFrom(type, "DSA"))
        {
            Report(context, creation, DsaMessage);
        }
        else if ((DerivesFrom(type, "ECDsa") || DerivesFrom(type, "ECDiffieHellman")) && KeySize(creation.Arguments) is { } curveBits && curveBits < MinimumCurveBits)
        {
            Report(context, creation, $"An elliptic-curve key of {curveBits} bits is below the {MinimumCurveBits} bits required; use the P-256 curve or stronger");
        }
    }

    /// <summary><c>ECCurve.NamedCurves.brainpoolP192r1</c> and the other named curves under 256 bits.</summary>
    private static void AnalyzeCurve(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property is { IsStatic: true, ContainingType: { Name: "NamedCurves", ContainingType.Name: "ECCurve" } curves }
            && IsCryptography(curves.ContainingType)
            && WeakCurveBits(reference.Property.Name) is { } bits)
        {
            Report(context, reference, CurveMessage(reference.Property.Name, bits));
        }
    }

    private static string CurveMessage(string curve, int bits)
        => $"The elliptic curve {curve} has a {bits}-bit field, below the {MinimumCurveBits} bits required; use ECCurve.NamedCurves.nistP256 or stronger";

    /// <summary>The field size of a curve named by a known family, when it is under 256 bits.</summary>
    private static int? WeakCurveBits(string name)
    {
        var lower = name.ToLowerInvariant();
        switch (lower)
        {
            // The OIDs of NIST P-192 and P-224, as CreateFromValue takes them.
            case "1.2.840.10045.3.1.1":
                return 192;
            case "1.3.132.0.33":
                return 224;
        }

        foreach (var family in CurveFamilies)
        {
            if (!lower.StartsWith(family, StringComparison.Ordinal))
            {
                continue;
            }

            var end = family.Length;
            while (end < lower.Length && char.IsDigit(lower[end]))
            {
                end++;
            }

            return end > family.Length
                && int.TryParse(lower.Substring(family.Length, end - family.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits)
                && bits < MinimumCurveBits ? bits : null;
        }

        return null;
    }

    private static string? CurveName(IOperation value) => value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: string name } ? name : null;

    /// <summary><c>HashAlgorithm.Create("MD5")</c>, <c>CryptoConfig.CreateFromName("SHA1")</c>, <c>SymmetricAlgorithm.Create("DES")</c>.</summary>
    private static void CheckAlgorithmName(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length == 0
            || invocation.Arguments[0].Value.WalkDownImplicitConversions().ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        const string Prefix = "System.Security.Cryptography.";
        var key = name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? name.Substring(Prefix.Length) : name;
        key = key.Replace(" ", "").Replace("-", "").ToUpperInvariant();
        if (!WeakAlgorithmNames.TryGetValue(key, out var algorithm))
        {
            return;
        }

        switch (algorithm)
        {
            case "MD5" or "SHA1":
                // Not mechanical: the call names the algorithm in a string and returns the base type.
                ReportHash(context, invocation, algorithm, fixable: false);
                break;
            case "HMACMD5" or "HMACSHA1":
                if (!IsOneTimePasswordCode(context.ContainingSymbol))
                {
                    Report(context, invocation, $"{algorithm} relies on a broken hash; use HMACSHA256");
                }

                break;
            case "DSA":
                Report(context, invocation, DsaMessage);
                break;
            default:
                Report(context, invocation, $"{algorithm} is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC");
                break;
        }
    }

    /// <summary>The <c>HashAlgorithmName.MD5</c> or <c>.SHA1</c> argument of a one-shot or incremental hash or HMAC.</summary>
    private static (IArgumentOperation Argument, string Algorithm)? WeakHashAlgorithmName(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "hashAlgorithm"
                && argument.Value.WalkDownImplicitConversions() is IPropertyReferenceOperation { Property: { Name: "MD5" or "SHA1", ContainingType.Name: "HashAlgorithmName" } property })
            {
                return (argument, property.Name);
            }
        }

        return null;
    }

    /// <summary>
    /// <c>CryptographicOperations.HashData(HashAlgorithmName.MD5, …)</c>, <c>IncrementalHash.CreateHash(HashAlgorithmName.SHA1)</c>
    /// and their HMAC counterparts. The hash name is reported, and switched to SHA-256 by the fix
    /// when the call returns the digest rather than writing it into a buffer of fixed size.
    /// </summary>
    private static void CheckHashAlgorithmName(OperationAnalysisContext context, IInvocationOperation invocation, IArgumentOperation argument, string algorithm)
    {
        var method = invocation.TargetMethod;
        if (method.Name.IndexOf("Hmac", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            if (!IsOneTimePasswordCode(context.ContainingSymbol))
            {
                Report(context, argument.Value, $"HMAC{algorithm} relies on a broken hash; use HashAlgorithmName.SHA256");
            }

            return;
        }

        var writesIntoBuffer = method.Parameters.Any(static p => p.Name == "destination");
        ReportHash(context, invocation, algorithm, fixable: !writesIntoBuffer, location: argument.Value.Syntax.GetLocation());
    }

    private static bool DerivesFrom(ITypeSymbol? type, string baseName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == baseName && IsCryptography(current))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } target || !IsCryptography(property.ContainingType))
        {
            return;
        }

        // KeySize is declared on AsymmetricAlgorithm: the receiver says which algorithm it sizes.
        var owner = target.Instance?.Type ?? property.ContainingType;

        switch (property.Name)
        {
            case "Mode" when assignment.Value.ConstantValue is { HasValue: true, Value: 2 }:
                // CipherMode.ECB == 2
                Report(context, assignment, "ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use AES-GCM");
                break;
            case "IV" when IsConstantBytes(assignment.Value):
                Report(context, assignment, "A constant IV makes equal plaintexts encrypt equally; generate a random IV for every message");
                break;
            case "KeySize" when DerivesFrom(owner, "RSA")
                && assignment.Value.ConstantValue is { HasValue: true, Value: int bits } && bits < MinimumRsaBits:
                Report(context, assignment, $"An RSA key of {bits} bits can be factored; use at least {MinimumRsaBits} bits");
                break;
            case "KeySize" when (DerivesFrom(owner, "ECDsa") || DerivesFrom(owner, "ECDiffieHellman"))
                && assignment.Value.ConstantValue is { HasValue: true, Value: int curveBits } && curveBits < MinimumCurveBits:
                Report(context, assignment, $"An elliptic-curve key of {curveBits} bits is below the {MinimumCurveBits} bits required; use the P-256 curve or stronger");
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

    private static void ReportHash(OperationAnalysisContext context, IOperation operation, string algorithm, bool fixable = true, Location? location = null)
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
            location ?? operation.Syntax.GetLocation(),
            fixable ? ImmutableDictionary<string, string?>.Empty.Add(UseSha256Property, algorithm) : ImmutableDictionary<string, string?>.Empty,
            $"{name} is a broken hash; use SHA-256 or stronger (for a non-security checksum, store it under a name such as etag or checksum)"));
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string message)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakCryptography, operation.Syntax.GetLocation(), message));

    /// <summary>A hash stored as an ETag, cache key or checksum, computed by a method named so, or made into a Guid.</summary>
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
                case IObjectCreationOperation { Type: { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }:
                    // new Guid(MD5.HashData(name)): the digest becomes a name-based identifier
                    // (as RFC 4122 version 3 UUIDs do), which protects nothing.
                    return true;
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
            if (argument.Parameter?.Name is "keySizeInBits" or "dwKeySize" or "keySize" && argument.Value.ConstantValue is { HasValue: true, Value: int bits })
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
