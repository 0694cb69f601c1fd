using System.Security.Cryptography;
using System.Text;

namespace Clinic.Legacy;

/// <summary>Security helpers from the first version of the clinic portal.</summary>
public static class LegacySecurity
{
    /// <summary>Hashes a clinician's password for storage (CMP6001).</summary>
    public static string HashPassword(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>The six-digit code texted to patients who forgot their portal password (CMP6002).</summary>
    public static string CreateResetCode() => new Random().Next(100000, 1000000).ToString();

    /// <summary>Encrypts an export file for the billing partner.</summary>
    public static byte[] EncryptExport(byte[] data, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        aes.Mode = CipherMode.ECB;
        aes.IV = new byte[16];
        return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
    }

    public static HttpClient BillingPartnerClient() => new(new HttpClientHandler
    {
        // CMP5002: the partner's certificate expired in 2023.
        ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
    });
}
