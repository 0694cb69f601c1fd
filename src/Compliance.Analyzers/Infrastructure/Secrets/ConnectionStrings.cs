namespace Compliance.Analyzers.Infrastructure.Secrets;

/// <summary>
/// Reads ADO.NET-style connection strings (<c>Server=…;User Id=…;Password=…</c>) and Azure
/// storage / Service Bus strings (<c>AccountKey=…</c>, <c>SharedAccessKey=…</c>) for credentials.
/// Integrated security and trusted connections carry none.
/// </summary>
public static class ConnectionStrings
{
    private static readonly string[] CredentialKeys = ["password", "pwd", "accountkey", "sharedaccesskey", "sharedsecretvalue"];

    public static bool TryGetCredential(string value, out string credentialName, out string credential)
    {
        credentialName = "";
        credential = "";
        if (value.IndexOf('=') < 0 || (value.IndexOf(';') < 0 && !StartsWithCredential(value)))
        {
            return false;
        }

        foreach (var part in value.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = part.Substring(0, equals).Trim().Replace(" ", "").ToLowerInvariant();
            if (Array.IndexOf(CredentialKeys, key) < 0)
            {
                continue;
            }

            var secret = part.Substring(equals + 1).Trim().Trim('\'', '"');
            if (secret.Length == 0)
            {
                continue;
            }

            credentialName = part.Substring(0, equals).Trim();
            credential = secret;
            return true;
        }

        return false;
    }

    private static bool StartsWithCredential(string value)
    {
        var lower = value.TrimStart().ToLowerInvariant();
        foreach (var key in CredentialKeys)
        {
            if (lower.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
