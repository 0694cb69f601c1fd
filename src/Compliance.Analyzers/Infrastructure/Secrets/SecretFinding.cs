namespace Compliance.Analyzers.Infrastructure.Secrets;

/// <summary>Why a value was judged to be a secret.</summary>
public enum SecretKind
{
    /// <summary>The value has the format of a known provider's credential (a Stripe key, a JWT, a PEM key, ...).</summary>
    KnownFormat,

    /// <summary>A connection string that carries a password or account key.</summary>
    ConnectionStringPassword,

    /// <summary>A URL with a user name and password in it.</summary>
    UrlCredentials,

    /// <summary>A concrete value under a name that says it is a secret (password, client secret, API key, ...).</summary>
    SecretName,

    /// <summary>A random-looking value under a key-like name.</summary>
    HighEntropy,
}

/// <summary>
/// A detected secret. <see cref="Value"/> is for the analyzers' own judgement only: diagnostic
/// messages end up in build logs, CI output and SARIF files that are shared far more widely than
/// the secret may be, so <see cref="Describe"/> never contains a single character of it.
/// </summary>
public readonly record struct SecretFinding(SecretKind Kind, string Detail, string Value)
{
    /// <summary>For diagnostics: what kind of secret was found (format, name signal, entropy), never any of its characters.</summary>
    public string Describe() => Detail;
}
