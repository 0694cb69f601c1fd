using System.Security.Cryptography;

namespace Compliance.Runtime.Auditing;

/// <summary>Loads the seal key from <see cref="AuditOptions"/>.</summary>
internal static class SealKeys
{
    public const int MinimumLength = 32;

    public static bool TryDecode(string text, out byte[] key)
    {
        key = [];
        var buffer = new byte[((text.Length * 3) / 4) + 3];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written < MinimumLength)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public static byte[] Load(AuditOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.SealKey))
        {
            return TryDecode(options.SealKey, out var key) ? key : throw new InvalidOperationException("Compliance:Auditing:SealKey must be base64 and decode to at least 32 bytes.");
        }

        var path = Path.GetFullPath(options.SealKeyFile!, contentRoot);
        if (!File.Exists(path))
        {
            if (!options.CreateSealKeyFileIfMissing)
            {
                throw new InvalidOperationException("The audit seal key file configured in Compliance:Auditing:SealKeyFile does not exist.");
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var created = RandomNumberGenerator.GetBytes(MinimumLength);
            File.WriteAllText(path, Convert.ToBase64String(created));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return created;
        }

        return FromFileContent(File.ReadAllBytes(path));
    }

    /// <summary>Reads the PEM private key of asymmetric seals (<see cref="AuditOptions.SealPrivateKeyFile"/>).</summary>
    public static string LoadPrivateKeyPem(AuditOptions options, string contentRoot)
    {
        var path = Path.GetFullPath(options.SealPrivateKeyFile!, contentRoot);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException("The audit seal private key file configured in Compliance:Auditing:SealPrivateKeyFile does not exist.");
    }

    /// <summary>
    /// The keys the registered verifiers check seals with: the current seal's key and, after a
    /// rotation, the retired ones of <see cref="AuditOptions.RetiredSealKeyFiles"/>, each under its
    /// own key id. Without retired keys the current key verifies whatever key id a seal names, as
    /// before key ids were read.
    /// </summary>
    public static AuditSealKeySet VerificationKeys(Chain.AuditSealer sealer, AuditOptions options, string contentRoot)
    {
        if (options.RetiredSealKeyFiles.Count == 0)
        {
            return sealer.VerificationKeys();
        }

        var keys = new AuditSealKeySet();
        sealer.AddVerificationKey(keys);
        foreach (var (keyId, file) in options.RetiredSealKeyFiles)
        {
            var path = Path.GetFullPath(file, contentRoot);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The retired audit seal key file for key id '{keyId}' (Compliance:Auditing:RetiredSealKeyFiles) does not exist.");
            }

            var content = File.ReadAllBytes(path);
            if (System.Text.Encoding.ASCII.GetString(content).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                keys.AddPublicKeyPem(keyId, System.Text.Encoding.ASCII.GetString(content));
            }
            else
            {
                keys.AddHmacKey(keyId, FromFileContent(content));
            }
        }

        return keys;
    }

    /// <summary>Accepts a file holding base64 text or at least 32 raw bytes.</summary>
    public static byte[] FromFileContent(byte[] content)
    {
        var text = System.Text.Encoding.ASCII.GetString(content).Trim();
        if (TryDecode(text, out var key))
        {
            return key;
        }

        return content.Length >= MinimumLength ? content : throw new InvalidOperationException("The audit seal key file must hold at least 32 bytes (raw or base64).");
    }
}
