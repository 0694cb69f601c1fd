using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Compliance.Analyzers.Infrastructure.Secrets;

/// <summary>
/// The one secret detector behind CMP1001–CMP1004: name signals (password, client secret, API
/// key, ...), known credential formats, connection strings and URLs with passwords, and Shannon
/// entropy for random-looking values under key-like names. Placeholders and references
/// (<c>${…}</c>, <c>#{…}</c>, <c>{{…}}</c>, <c>&lt;…&gt;</c>, <c>%…%</c>, <c>changeme</c>,
/// Key Vault and environment references), natural-language text, booleans and numbers are never
/// secrets. Pure functions over strings: safe to share, nothing cached.
/// </summary>
public static class SecretDetector
{
    /// <summary>The default minimum Shannon entropy (bits per character) of a random-looking value.</summary>
    public const double DefaultEntropyThreshold = 3.5;

    /// <summary>Random-looking values shorter than this are not judged by entropy.</summary>
    public const int MinimumEntropyLength = 20;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    // The same names come back in every file (message, name, key, ConnectionStrings:Default), and
    // deciding one splits it into words: answers are remembered, up to a bound, for the process.
    private static readonly ConcurrentDictionary<string, bool> SecretNames = new(StringComparer.Ordinal);
    private const int MaxRememberedNames = 4096;
    private static int _rememberedNames;

    private static readonly (string Name, Regex Pattern)[] KnownFormats =
    [
        ("an AWS access key id", new Regex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a Stripe secret key", new Regex(@"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a GitHub token", new Regex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a Slack token", new Regex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a Twilio API key", new Regex(@"\bSK[0-9a-f]{32}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a SendGrid API key", new Regex(@"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a Google API key", new Regex(@"\bAIza[0-9A-Za-z_-]{35}\b", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a JSON Web Token", new Regex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant, RegexTimeout)),
        ("a PEM private key", new Regex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----", RegexOptions.CultureInvariant, RegexTimeout)),
        ("an Azure SAS token", new Regex(@"[?&]sig=[A-Za-z0-9%+/=]{20,}", RegexOptions.CultureInvariant, RegexTimeout)),
    ];

    private static readonly Regex UrlWithPassword = new(@"\b[a-z][a-z0-9+.-]*://(?<user>[^/\s:@]+):(?<password>[^/\s@]+)@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout);
    private static readonly Regex Uuid = new(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant, RegexTimeout);

    /// <summary>Name signals, as lower-case word sequences. Separators and case do not matter.</summary>
    private static readonly string[][] NameSignals =
    [
        ["password"], ["passwd"], ["pwd"], ["passphrase"], ["secret"], ["client", "secret"], ["api", "key"], ["apikey"],
        ["access", "key"], ["token"], ["private", "key"], ["signing", "key"], ["shared", "access", "key"], ["account", "key"],
        ["sas", "token"], ["bearer"], ["credentials"], ["credential"],
    ];

    /// <summary>Words after a signal that turn a secret's name into the name of something else (PasswordLength, TokenEndpoint).</summary>
    private static readonly HashSet<string> NonSecretQualifiers = new(StringComparer.Ordinal)
    {
        "url", "uri", "endpoint", "path", "file", "name", "names", "length", "policy", "policies", "format", "question", "hint",
        "lifetime", "expiration", "expiry", "expires", "timeout", "header", "type", "issuer", "audience", "provider", "validation",
        "validator", "required", "requires", "min", "max", "minimum", "maximum", "count", "location", "store", "version", "enabled",
        "hash", "hashed", "salt", "reset", "regex", "pattern", "label", "placeholder", "prompt", "field", "parameter", "claim",
        "scheme", "prefix", "mode", "kind", "ttl", "cache", "duration", "id", "ids", "source", "handler", "service", "manager",
        "options", "settings", "generator", "factory", "builder", "client", "helper", "strength", "complexity", "attempts",
        "changed", "confirmation", "confirm", "expired", "rotation", "refresh", "feature", "features", "flag", "flags", "toggle",
    };

    /// <summary>
    /// Words before "token" that make it a position in a result set or a change feed rather than a
    /// credential (<c>continuationToken</c>, <c>nextPageToken</c>, <c>syncToken</c>): handed to every
    /// caller of a paged API and worthless without the caller's own credentials.
    /// </summary>
    private static readonly HashSet<string> CursorTokenQualifiers = new(StringComparer.Ordinal)
    {
        "continuation", "pagination", "page", "paging", "next", "cursor", "sync", "change", "changes", "resume", "skip", "cancellation",
    };

    /// <summary>Words of a feature-flag key (<c>feature.password-reset.enabled</c>).</summary>
    private static readonly HashSet<string> FeatureFlagWords = new(StringComparer.Ordinal)
    {
        "feature", "features", "flag", "flags", "toggle", "toggles", "enabled", "disabled", "experiment", "experiments",
    };

    /// <summary>
    /// Keys published by Microsoft for local emulators (Azurite / the Azure Storage emulator, the
    /// Cosmos DB emulator): identical on every developer machine and documented, so not secrets.
    /// </summary>
    private static readonly string[] PublicEmulatorValues =
    [
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    ];

    private static readonly Regex FormatHole = new(@"^\{[A-Za-z0-9_.]+(?:,-?[0-9]+)?(?::[^{}]*)?\}$", RegexOptions.CultureInvariant, RegexTimeout);
    private static readonly Regex ParameterMarker = new(@"^(?:\?|[@:][A-Za-z_][A-Za-z0-9_]*|\$[0-9]+|%[sd])$", RegexOptions.CultureInvariant, RegexTimeout);
    private static readonly Regex AssemblyQualifiedKeyToken = new(@"PublicKeyToken\s*=\s*(?:null|[0-9a-fA-F]{16})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout);
    private static readonly Regex HexKeyToken = new(@"^[0-9a-fA-F]{16}$", RegexOptions.CultureInvariant, RegexTimeout);

    private static readonly string[] PlaceholderWords =
    [
        "changeme", "change-me", "change_me", "changeit", "replaceme", "replace-me", "replace_me", "placeholder", "your-", "your_",
        "yourpassword", "yoursecret", "yourkey", "yourtoken", "<your", "example", "sample", "dummy", "fake", "notasecret",
        "not-a-secret", "todo", "redacted", "secret-here", "password-here", "xxxxxxx",
    ];

    /// <summary>
    /// Judges <paramref name="value"/> held under <paramref name="name"/> (a configuration path such as
    /// <c>Authentication:Google:ClientSecret</c>, an environment variable, or a C# symbol name).
    /// </summary>
    /// <param name="requireCredentialShape">
    /// For names in code, where words like "token" and "key" often mean something else: a value under
    /// a secret's name must also look like a credential (at least six characters with a digit or a
    /// symbol, not a regular expression, not an identifier).
    /// </param>
    public static SecretFinding? Inspect(string? name, string? value, double entropyThreshold = DefaultEntropyThreshold, bool requireCredentialShape = false)
    {
        if (value is null || IsPlaceholderOrReference(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (IsPublicValue(name, trimmed))
        {
            return null;
        }

        foreach (var (formatName, pattern) in KnownFormats)
        {
            if (Matches(pattern, trimmed))
            {
                return new SecretFinding(SecretKind.KnownFormat, formatName, trimmed);
            }
        }

        var urlMatch = SafeMatch(UrlWithPassword, trimmed);
        if (urlMatch is { Success: true } && !IsPlaceholderOrReference(urlMatch.Groups["password"].Value) && !IsParameterMarker(urlMatch.Groups["password"].Value))
        {
            return new SecretFinding(SecretKind.UrlCredentials, "a URL with a user name and password", trimmed);
        }

        if (ConnectionStrings.TryGetCredential(trimmed, out var credentialName, out var credential))
        {
            return IsPlaceholderOrReference(credential) || IsParameterMarker(credential) || IsPublicEmulatorValue(credential)
                ? null
                : new SecretFinding(SecretKind.ConnectionStringPassword, $"a connection string with {credentialName}", credential);
        }

        if (name is null || IsNaturalLanguage(trimmed))
        {
            return null;
        }

        if (IsSecretName(name)
            && !string.Equals(Normalize(trimmed), Normalize(LeafName(name)), StringComparison.Ordinal)
            && !NamesASecret(trimmed)
            && (!requireCredentialShape || LooksLikeCredential(trimmed)))
        {
            return new SecretFinding(SecretKind.SecretName, "a value under a secret's name", trimmed);
        }

        if (IsKeyLikeName(name) && LooksRandom(trimmed, entropyThreshold))
        {
            var entropy = Entropy(trimmed).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            return new SecretFinding(SecretKind.HighEntropy, $"a random-looking key ({entropy} bits of entropy per character)", trimmed);
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="name"/> names a secret. The last segment of a configuration path
    /// decides (<c>Stripe:SecretKey</c>), except for a bare <c>Key</c> under a signing or JWT section.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        if (SecretNames.TryGetValue(name, out var known))
        {
            return known;
        }

        var answer = ComputeIsSecretName(name);
        if (Interlocked.Increment(ref _rememberedNames) <= MaxRememberedNames)
        {
            SecretNames.TryAdd(name, answer);
        }

        return answer;
    }

    private static bool ComputeIsSecretName(string name)
    {
        var segments = Segments(name);
        if (segments.Count == 0)
        {
            return false;
        }

        var leaf = segments[segments.Count - 1];
        if (HasSecretSignal(IdentifierWords.Split(leaf)))
        {
            return true;
        }

        // "Jwt": { "Key": "..." } is the usual home of a signing key.
        if (Normalize(leaf) is "key" or "secretkey" or "securitykey" && segments.Count > 1)
        {
            var parent = Normalize(segments[segments.Count - 2]);
            return parent.Contains("jwt") || parent.Contains("signing") || parent.Contains("token") || parent.Contains("encryption") || parent.Contains("hmac");
        }

        return false;
    }

    /// <summary>
    /// Names that end in "key", "salt" or "seed" (EncryptionKey, HmacKey): secret only when the value
    /// looks random. A bare "key" is a lookup key (a dictionary, a header, a configuration key), not key material.
    /// </summary>
    public static bool IsKeyLikeName(string name)
    {
        var words = IdentifierWords.Split(LeafName(name));
        return words.Count > 1 && words[words.Count - 1] is "key" or "salt" or "seed";
    }

    /// <summary>
    /// A value that names a secret rather than holding one: an identifier made of letters and
    /// separators that itself contains a secret word (<c>"user_access_token"</c>, <c>"__RequestVerificationToken"</c>).
    /// </summary>
    private static bool NamesASecret(string value)
    {
        if (IsIdentifierLike(value))
        {
            return HasSecretSignal(IdentifierWords.Split(value));
        }

        // Wire names and flag keys with digits ("oauth2_access_token", "feature.password.v2.enabled"):
        // one case, separated words that each hold a letter. "password_123" has a bare number, so it stays a value.
        if (!IsKeyPath(value))
        {
            return false;
        }

        var words = IdentifierWords.Split(value);
        return HasSecretSignal(words) || words.Any(FeatureFlagWords.Contains);
    }

    private static readonly char[] KeyPathSeparators = ['_', '-', '.', ':', '/'];

    /// <summary>Lower-case (or upper-case) words and digits joined by <c>_ - . : /</c>, every part holding a letter.</summary>
    private static bool IsKeyPath(string value)
    {
        bool hasSeparator = false, hasLower = false, hasUpper = false;
        foreach (var c in value)
        {
            if (c is '_' or '-' or '.' or ':' or '/')
            {
                hasSeparator = true;
            }
            else if (char.IsLower(c))
            {
                hasLower = true;
            }
            else if (char.IsUpper(c))
            {
                hasUpper = true;
            }
            else if (!char.IsDigit(c))
            {
                return false;
            }
        }

        if (!hasSeparator || (hasLower && hasUpper))
        {
            return false;
        }

        // The parts between separators, not the words: "oauth2" and "v2" are parts that hold a letter.
        var parts = value.Split(KeyPathSeparators, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts.All(static p => p.Any(char.IsLetter));
    }

    /// <summary>
    /// Values that are public by construction: documented emulator keys, images, assembly public
    /// key tokens. Judged before anything else because they can look exactly like keys.
    /// </summary>
    private static bool IsPublicValue(string? name, string value)
    {
        if (IsPublicEmulatorValue(value)
            || value.StartsWith("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || IsImage(value)
            || Matches(AssemblyQualifiedKeyToken, value))
        {
            return true;
        }

        // PublicKeyToken, SigningKeyToken: the 8-byte hash of a public key, printed in every assembly-qualified name.
        if (name is not null && Matches(HexKeyToken, value))
        {
            var words = IdentifierWords.Split(LeafName(name));
            return words.Count >= 2 && words[words.Count - 2] == "key" && words[words.Count - 1] == "token";
        }

        return false;
    }

    private static bool IsPublicEmulatorValue(string value)
        => Array.IndexOf(PublicEmulatorValues, value.Trim().Trim('\'', '"')) >= 0;

    /// <summary>Placeholders of a format string or a database command in place of a password: <c>{0}</c>, <c>{password}</c>, <c>@password</c>, <c>?</c>, <c>:pwd</c>, <c>$1</c>.</summary>
    private static bool IsParameterMarker(string value)
    {
        var trimmed = value.Trim();
        return Matches(FormatHole, trimmed) || Matches(ParameterMarker, trimmed);
    }

    /// <summary>A data URI of an image, or base64 whose first bytes are a PNG, JPEG or GIF signature.</summary>
    private static bool IsImage(string value)
    {
        if (value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The first bytes of a base64 image, decoded by hand: most values are not base64 at all,
        // and a decoder that throws on them would cost an exception per literal.
        if (value.Length < 16 || !IsBase64Prefix(value, 12))
        {
            return false;
        }

        // Eight base64 characters are six bytes; the signatures need the first four.
        var first = Base64Bits(value, 0);
        var second = Base64Bits(value, 4);
        var (b0, b1, b2, b3) = ((byte)(first >> 16), (byte)(first >> 8), (byte)first, (byte)(second >> 16));
        return (b0 == 0x89 && b1 == (byte)'P' && b2 == (byte)'N' && b3 == (byte)'G')
            || (b0 == 0xFF && b1 == 0xD8 && b2 == 0xFF)
            || (b0 == (byte)'G' && b1 == (byte)'I' && b2 == (byte)'F' && b3 == (byte)'8');
    }

    private static int Base64Bits(string value, int start)
    {
        var bits = 0;
        for (var i = start; i < start + 4; i++)
        {
            bits = (bits << 6) | Base64Value(value[i]);
        }

        return bits;
    }

    private static bool IsBase64Prefix(string value, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (Base64Value(value[i]) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };

    /// <summary>
    /// A regular expression rather than a value: anchors with metacharacters, groups, escapes such
    /// as <c>\d</c>, or a character class with a quantifier (<c>[A-Za-z0-9]{12,}</c>).
    /// </summary>
    public static bool LooksLikeRegex(string value)
        => value.StartsWith("^", StringComparison.Ordinal)
           || value.IndexOf("(?", StringComparison.Ordinal) >= 0
           || value.IndexOf("\\d", StringComparison.Ordinal) >= 0
           || value.IndexOf("\\w", StringComparison.Ordinal) >= 0
           || value.IndexOf("\\s", StringComparison.Ordinal) >= 0
           || value.IndexOf("\\b", StringComparison.Ordinal) >= 0
           || (value.IndexOf('[') >= 0 && (value.IndexOf("]{", StringComparison.Ordinal) >= 0 || value.IndexOf("]+", StringComparison.Ordinal) >= 0 || value.IndexOf("]*", StringComparison.Ordinal) >= 0));

    /// <summary>Letters and <c>_ - . : /</c> only, no digits: a name, path or label.</summary>
    private static bool IsIdentifierLike(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsLetter(c) && c is not ('_' or '-' or '.' or ':' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeCredential(string value)
        => value.Length >= 6
           && !IsIdentifierLike(value)
           && !LooksLikeRegex(value);

    public static bool IsPlaceholderOrReference(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        // Substitution tokens of deployment tools: ${VAR}, #{Variable}# (Octopus), $(Variable) (Azure Pipelines).
        if (((trimmed.StartsWith("${", StringComparison.Ordinal) || trimmed.StartsWith("#{", StringComparison.Ordinal)) && trimmed.IndexOf('}') > 2)
            || (trimmed.StartsWith("$(", StringComparison.Ordinal) && trimmed.IndexOf(')') > 2)
            || (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal))
            || (trimmed.StartsWith("<", StringComparison.Ordinal) && trimmed.EndsWith(">", StringComparison.Ordinal))
            || (trimmed.StartsWith("%", StringComparison.Ordinal) && trimmed.EndsWith("%", StringComparison.Ordinal) && trimmed.Length > 2)
            || (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
            || Matches(FormatHole, trimmed))
        {
            return true;
        }

        if (bool.TryParse(trimmed, out _) || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        var lower = trimmed.ToLowerInvariant();
        if (lower.StartsWith("@microsoft.keyvault(", StringComparison.Ordinal) || lower.Contains(".vault.azure.net") || lower.StartsWith("env:", StringComparison.Ordinal)
            || lower.StartsWith("secret:", StringComparison.Ordinal) || lower.StartsWith("vault:", StringComparison.Ordinal) || lower.StartsWith("arn:aws:secretsmanager", StringComparison.Ordinal))
        {
            return true;
        }

        // "yourPassword", "yourWeak(!)Password": template text waiting to be replaced.
        if (trimmed.Length > 4 && trimmed.StartsWith("your", StringComparison.OrdinalIgnoreCase) && char.IsUpper(trimmed[4]))
        {
            return true;
        }

        if (trimmed.All(static c => c is '*' or 'x' or 'X' or '.' or '-' or '_' or '•'))
        {
            return true;
        }

        foreach (var word in PlaceholderWords)
        {
            if (lower.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Text meant for people (an error message, a label): several words separated by spaces.</summary>
    public static bool IsNaturalLanguage(string value)
    {
        var words = 0;
        var letters = 0;
        var inWord = false;
        foreach (var c in value)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
            }
            else if (c == ' ')
            {
                inWord = false;
            }
        }

        return words >= 3 && letters >= value.Length / 2 && value.IndexOf(' ') > 0;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.TryGetValue(c, out var count) ? count + 1 : 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log(p, 2);
        }

        return entropy;
    }

    /// <summary>
    /// A value random enough to be a generated credential whatever name it is stored under: long,
    /// one word, not an identifier, UUID or regular expression, with high entropy.
    /// </summary>
    public static bool LooksRandom(string value, double threshold = DefaultEntropyThreshold)
        => value.Length >= MinimumEntropyLength
            && value.IndexOf(' ') < 0
            && !IsIdentifierLike(value)
            && !LooksLikeRegex(value)
            && !IsPlaceholderOrReference(value)
            && !IsPublicValue(null, value)
            && !Matches(Uuid, value)
            && Entropy(value) >= threshold;

    private static bool HasSecretSignal(IReadOnlyList<string> words)
    {
        foreach (var signal in NameSignals)
        {
            for (var start = 0; start + signal.Length <= words.Count; start++)
            {
                var matches = true;
                for (var i = 0; i < signal.Length && matches; i++)
                {
                    matches = words[start + i] == signal[i];
                }

                if (!matches)
                {
                    continue;
                }

                // A number beside the signal qualifies nothing: Password2Hash is a hash, page2Token a cursor.
                var next = start + signal.Length;
                while (next < words.Count && IdentifierWords.IsNumber(words[next]))
                {
                    next++;
                }

                var previous = start - 1;
                while (previous >= 0 && IdentifierWords.IsNumber(words[previous]))
                {
                    previous--;
                }

                var cursor = signal.Length == 1 && signal[0] == "token" && previous >= 0 && CursorTokenQualifiers.Contains(words[previous]);
                if (!cursor && (next == words.Count || !NonSecretQualifiers.Contains(words[next])))
                {
                    return true;
                }
            }
        }

        // Lower-case names without separators ("clientsecret", "apikey", "apikey2").
        var named = words.Where(static w => !IdentifierWords.IsNumber(w)).ToList();
        if (named.Count == 1)
        {
            var word = named[0];
            foreach (var joined in new[] { "clientsecret", "apikey", "accesskey", "privatekey", "signingkey", "sharedaccesskey", "accountkey", "secretkey", "accesstoken", "authtoken", "refreshtoken", "bearertoken" })
            {
                if (word == joined)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Configuration path segments: ':' for configuration, '__' for environment variables.</summary>
    private static List<string> Segments(string name)
    {
        var segments = new List<string>();
        foreach (var part in name.Replace("__", ":").Split(':'))
        {
            if (part.Length > 0)
            {
                segments.Add(part);
            }
        }

        return segments;
    }

    private static string LeafName(string name)
    {
        var segments = Segments(name);
        return segments.Count == 0 ? name : segments[segments.Count - 1];
    }

    private static string Normalize(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static bool Matches(Regex pattern, string value) => SafeMatch(pattern, value) is { Success: true };

    private static Match? SafeMatch(Regex pattern, string value)
    {
        try
        {
            return pattern.Match(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological value must not stall the build; it is simply not judged by this pattern.
            return null;
        }
    }
}
