using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Secrets;

/// <summary>
/// Places where a value is used as a secret whatever it is named: key parameters of ciphers and
/// MACs (<c>new AesGcm(key)</c>, <c>CreateEncryptor(key, iv)</c>, <c>aes.Key = …</c>,
/// <c>new SymmetricSecurityKey(…)</c>), authentication headers, and parameters that take a
/// password or secret (<c>new NetworkCredential(user, password)</c>). The literal rule judges a
/// string where it is written; these sinks judge constants that reach them through a name that
/// says nothing (<c>static readonly byte[] Material = { … }</c>).
/// </summary>
internal static class SecretSinks
{
    private static readonly string[] AuthenticationHeaders =
    [
        "Authorization", "Proxy-Authorization", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-Access-Token", "Ocp-Apim-Subscription-Key", "X-Functions-Key",
    ];

    private static readonly string[] Schemes = ["Bearer ", "Basic ", "Token ", "ApiKey ", "Digest "];

    /// <summary>Names of stored bytes that say they are a key (EncryptionKey, hmacSecret, keyBytes, Salt).</summary>
    public static bool IsKeyName(string name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (word is "key" or "keys" or "secret" or "salt" or "pepper" or "hmac")
            {
                return true;
            }
        }

        return SecretDetector.IsSecretName(name);
    }

    /// <summary>
    /// For the credential argument of <c>new AuthenticationHeaderValue(scheme, parameter)</c> or
    /// <c>headers.Add("Authorization", value)</c>: the header's name; otherwise null.
    /// </summary>
    public static string? CredentialHeader(IArgumentOperation argument)
    {
        switch (argument.Parent)
        {
            case IObjectCreationOperation { Type: { Name: "AuthenticationHeaderValue" } type } when argument.Parameter?.Name == "parameter" && IsIn(type, "System.Net.Http.Headers"):
                return "Authorization";

            case IInvocationOperation { TargetMethod: { Name: "Add" or "TryAddWithoutValidation" } method } invocation
                when argument.Parameter?.Name is "value" or "values" && HttpHeadersType(method) is not null:
                foreach (var other in invocation.Arguments)
                {
                    if (other.Parameter?.Name == "name" && other.Value.ConstantValue is { HasValue: true, Value: string header } && IsAuthenticationHeader(header))
                    {
                        return header;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>The name a key parameter or property is known by, when <paramref name="argument"/> is one.</summary>
    public static string? KeyParameter(IArgumentOperation argument)
    {
        if (argument.Parameter is not { } parameter || parameter.Name.IndexOf("key", StringComparison.OrdinalIgnoreCase) < 0 || !IsBytes(parameter.Type))
        {
            return null;
        }

        return argument.Parent switch
        {
            IObjectCreationOperation { Type: INamedTypeSymbol created } when IsKeyedType(created) => created.Name,
            IInvocationOperation { TargetMethod: { Name: "CreateEncryptor" or "CreateDecryptor" or "HashData" or "TryHashData" } method } when IsKeyedType(method.ContainingType) => parameter.Name,
            _ => null,
        };
    }

    /// <summary><c>aes.Key = …</c> on a symmetric algorithm or keyed hash.</summary>
    public static bool IsKeyProperty(IPropertySymbol property)
        => property.Name == "Key" && IsBytes(property.Type) && IsKeyedType(property.ContainingType);

    /// <summary>A parameter that takes a password or secret (<c>password</c>, <c>secretKey</c>, <c>clientSecret</c>) of type string.</summary>
    public static bool IsCredentialParameter(IArgumentOperation argument)
        => argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && SecretDetector.IsSecretName(parameter.Name);

    /// <summary>The credential of an authentication header value, without its scheme.</summary>
    public static string WithoutScheme(string value)
    {
        foreach (var scheme in Schemes)
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return value.Substring(scheme.Length).Trim();
            }
        }

        return value;
    }

    private static bool IsAuthenticationHeader(string header)
    {
        foreach (var known in AuthenticationHeaders)
        {
            if (string.Equals(known, header, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? HttpHeadersType(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name == "HttpHeaders" && IsIn(type, "System.Net.Http.Headers"))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Ciphers, MACs and security keys of .NET and Microsoft.IdentityModel, which take key bytes.</summary>
    private static bool IsKeyedType(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsIn(current, "System.Security.Cryptography")
                && (current.Name is "SymmetricAlgorithm" or "KeyedHashAlgorithm" or "AesGcm" or "AesCcm" or "ChaCha20Poly1305" || current.Name.StartsWith("HMAC", StringComparison.Ordinal)))
            {
                return true;
            }

            if (IsIn(current, "Microsoft.IdentityModel.Tokens") && current.Name.EndsWith("SecurityKey", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBytes(ITypeSymbol type)
        => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
           || (type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span", TypeArguments.Length: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_Byte);

    private static bool IsIn(ITypeSymbol type, string ns) => type.ContainingNamespace.IsNamespace(ns);
}
