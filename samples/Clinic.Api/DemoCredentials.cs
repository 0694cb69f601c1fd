using System.Security.Cryptography;
using System.Text;

namespace Clinic.Api;

/// <summary>
/// The demo clinician's password. It comes from configuration (<c>Clinic:DemoPassword</c>, for
/// example the <c>Clinic__DemoPassword</c> environment variable); in Development, when none is
/// configured, a random one is generated into <c>.local/demo-password.txt</c> (never logged).
/// Only a salted PBKDF2 hash is kept in memory.
/// </summary>
public sealed class DemoCredentials
{
    public const string UserName = "dr.grey";
    public const string UserId = "clinician-1";

    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly byte[]? _hash;

    public DemoCredentials(IConfiguration configuration, IHostEnvironment environment)
    {
        var password = configuration["Clinic:DemoPassword"];
        if (string.IsNullOrEmpty(password) && environment.IsDevelopment())
        {
            var file = Path.Combine(environment.ContentRootPath, ".local", "demo-password.txt");
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
            }

            password = File.ReadAllText(file).Trim();
        }

        _hash = string.IsNullOrEmpty(password) ? null : Derive(password);
    }

    public bool Verify(string userName, string password) =>
        _hash is not null
        && string.Equals(userName, UserName, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Derive(password), _hash);

    private byte[] Derive(string password) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), _salt, 210_000, HashAlgorithmName.SHA512, 32);
}
