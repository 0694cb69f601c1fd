using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor WeakCryptography = Rule(
        RuleIds.WeakCryptography,
        "Weak cryptographic algorithm or mode",
        "{0}",
        Categories.Crypto,
        DiagnosticSeverity.Warning,
        "MD5, SHA-1, DES, 3DES and RC2 are broken or deprecated, ECB mode leaks patterns, PBKDF2 with SHA-1 or few iterations is cheap to brute-force, RSA under 2048 bits can be factored, and a constant IV removes the randomness the cipher mode relies on.",
        Controls.HipaaEncryptionAtRest,
        Controls.HipaaTransmissionEncryption,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor InsecureRandomness = Rule(
        RuleIds.InsecureRandomness,
        "Non-cryptographic randomness for a security value",
        "'{0}' comes from System.Random, which is predictable; generate it with RandomNumberGenerator",
        Categories.Crypto,
        DiagnosticSeverity.Warning,
        "System.Random is seeded predictably and its output can be reconstructed from a few samples. Tokens, one-time codes, passwords, salts and nonces must come from a cryptographic random number generator.",
        Controls.HipaaAuthentication,
        Controls.Soc2LogicalAccess);
}
