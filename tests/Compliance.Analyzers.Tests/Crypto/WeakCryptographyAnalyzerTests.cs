using Compliance.Analyzers.CodeFixes.Crypto;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Crypto.WeakCryptographyAnalyzer,
    Compliance.Analyzers.CodeFixes.Crypto.WeakCryptographyCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Crypto;

public sealed class WeakCryptographyAnalyzerTests
{
    private const string Md5 = "MD5 is a broken hash; use SHA-256 or stronger (for a non-security checksum, store it under a name such as etag or checksum)";
    private const string Sha1 = "SHA-1 is a broken hash; use SHA-256 or stronger (for a non-security checksum, store it under a name such as etag or checksum)";

    private static string Code(string body, string usings = "") => $$"""
        using System;
        using System.Security.Cryptography;
        using System.Text;
        {{usings}}
        public class Crypto
        {
            public void Work(byte[] data, string password)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task WeakHashes_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var passwordHash = {|#0:MD5.HashData(Encoding.UTF8.GetBytes(password))|};
                    using var sha1 = {|#1:SHA1.Create()|};
                    using var legacy = {|#2:new SHA1Managed()|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Sha1),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(Sha1));
    }

    [Fact]
    public async Task ChecksumUses_AreNotReported_AndTheWordsAreConfigurable()
    {
        var source = Code("""
                    var etag = Convert.ToHexString(MD5.HashData(data));
                    var cacheKey = Convert.ToHexString(SHA1.HashData(data));
            """);
        await VerifyCS.VerifyAnalyzerAsync(source);
        await new VerifyCS.Test
        {
            TestCode = source.Replace("MD5.HashData(data)", "{|#0:MD5.HashData(data)|}"),
            EditorConfig = "compliance.crypto.checksum_names = cache",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5) },
        }.RunAsync();
    }

    [Fact]
    public async Task ChecksumMethods_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync("""
            using System.Security.Cryptography;

            public static class Files
            {
                public static byte[] ComputeChecksum(byte[] data) => MD5.HashData(data);
            }
            """);
    }

    [Fact]
    public async Task HashMadeIntoAGuid_IsAnIdentifier_ButAStoredDigestStillCounts()
    {
        // A name-based identifier (the shape of RFC 4122 version 3 UUIDs) protects nothing; a digest
        // kept under its own name first is judged by that name, as any other hash.
        await VerifyCS.VerifyAnalyzerAsync("""
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class Ids
            {
                public static Guid FromName(string name) => new Guid(MD5.HashData(Encoding.Unicode.GetBytes(name)));

                public static Guid FromPassword(string password)
                {
                    var passwordHash = {|#0:MD5.HashData(Encoding.UTF8.GetBytes(password))|};
                    return new Guid(passwordHash);
                }
            }
            """,
            VerifyCS.Diagnostic("CMP6001").WithLocation(0));
    }

    [Fact]
    public async Task WeakCiphersAndEcb_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    using var des = {|#0:DES.Create()|};
                    using var aes = Aes.Create();
                    {|#1:aes.Mode = CipherMode.ECB|};
                    var cipher = {|#2:aes.EncryptEcb(data, PaddingMode.PKCS7)|};
                    using var tdes = {|#3:new TripleDESCryptoServiceProvider()|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("DES is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use AES-GCM"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use AES-GCM"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("TripleDES is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC"));
    }

    [Fact]
    public async Task WeakPbkdf2_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var salt = RandomNumberGenerator.GetBytes(16);
                    var a = {|#0:Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, 32)|};
                    var b = {|#1:Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA1, 32)|};
                    var good = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("PBKDF2 with 10,000 iterations is cheap to brute-force; use at least 100,000 (OWASP recommends 600,000 with SHA-256)"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("PBKDF2 with SHA1 is weak; use HashAlgorithmName.SHA256 or stronger"));
    }

    [Fact]
    public async Task ShortRsaKeysAndConstantIvs_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    using var rsa = {|#0:RSA.Create(1024)|};
                    using var aes = Aes.Create();
                    {|#1:aes.IV = new byte[16]|};
                    var cipher = aes.EncryptCbc(data, {|#2:Encoding.ASCII.GetBytes("0123456789abcdef")|});
                    aes.IV = RandomNumberGenerator.GetBytes(16);
                    using var strong = RSA.Create(3072);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("An RSA key of 1024 bits can be factored; use at least 2048 bits"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("A constant IV makes equal plaintexts encrypt equally; generate a random IV for every message"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("A constant IV makes equal plaintexts encrypt equally; generate a random IV for every message"));
    }

    [Fact]
    public async Task HmacSha1_IsReported_ExceptInOneTimePasswordCode()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""        using var mac = {|#0:new HMACSHA1(data)|};""") + """

            public static class TotpGenerator
            {
                public static byte[] Compute(byte[] key, byte[] counter)
                {
                    using var hmac = new HMACSHA1(key);
                    return hmac.ComputeHash(counter);
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("HMACSHA1 relies on a broken hash; use HMACSHA256"));
    }

    [Fact]
    public async Task Fix_SwitchesHashingToSha256()
    {
        await VerifyCS.VerifyCodeFixAsync(
            Code("""
                    var passwordHash = {|#0:MD5.HashData(Encoding.UTF8.GetBytes(password))|};
                    using var sha1 = {|#1:SHA1.Create()|};
            """),
            [VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5), VerifyCS.Diagnostic().WithLocation(1).WithArguments(Sha1)],
            Code("""
                    var passwordHash = SHA256.HashData(Encoding.UTF8.GetBytes(password));
                    using var sha1 = SHA256.Create();
            """));
    }

    [Fact]
    public async Task Fix_IsNotOfferedWhereTheTypeIsSpelledOut()
    {
        var source = Code("""        MD5 md5 = {|#0:MD5.Create()|};""");
        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5) },
            FixedState = { Sources = { source }, ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5) } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }

    [Fact]
    public async Task Pbkdf2WithoutHashAlgorithm_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
            #pragma warning disable SYSLIB0041 // The obsolete overload is what the rule is about.
                    using var kdf = {|#0:new Rfc2898DeriveBytes(password, 16, 600_000)|};
            #pragma warning restore SYSLIB0041
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("PBKDF2 without a hash algorithm uses SHA-1; pass HashAlgorithmName.SHA256 or stronger"));
    }

    private const string Dsa = "DSA is deprecated (FIPS 186-5 no longer approves it for new signatures); use ECDSA with P-256 or stronger, or RSA of at least 2048 bits";
    private const string Rsa1024 = "An RSA key of 1024 bits can be factored; use at least 2048 bits";

    [Fact]
    public async Task AlgorithmsCreatedByName_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
            #pragma warning disable SYSLIB0045 // The obsolete factories are what the rule is about.
                    using var a = {|#0:HashAlgorithm.Create("MD5")|};
                    var b = {|#1:CryptoConfig.CreateFromName("SHA1")|};
                    using var c = {|#2:SymmetricAlgorithm.Create("DES")|};
                    using var d = {|#3:SymmetricAlgorithm.Create("TripleDES")|};
                    var e = {|#4:CryptoConfig.CreateFromName("System.Security.Cryptography.RC2")|};
                    using var f = {|#5:KeyedHashAlgorithm.Create("HMACMD5")|};
                    var g = {|#6:CryptoConfig.CreateFromName(Algorithm)|};
            #pragma warning restore SYSLIB0045
            """).Replace("public class Crypto\n{", "public class Crypto\n{\n    private const string Algorithm = \"DSA\";"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Sha1),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("DES is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("TripleDES is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("RC2 is a broken cipher; use AES-GCM (AesGcm) or AES with a random IV and an HMAC"),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments("HMACMD5 relies on a broken hash; use HMACSHA256"),
            VerifyCS.Diagnostic().WithLocation(6).WithArguments(Dsa));
    }

    [Fact]
    public async Task StrongAlgorithmsByName_AndUnknownNames_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
            #pragma warning disable SYSLIB0045
                    using var a = HashAlgorithm.Create("SHA256");
                    var b = CryptoConfig.CreateFromName("AES");
                    var c = CryptoConfig.CreateFromName(password);
                    var d = CryptoConfig.MapNameToOID("SHA1");
            #pragma warning restore SYSLIB0045
            """));
    }

    [Fact]
    public async Task OneShotAndIncrementalHashesByName_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var a = CryptographicOperations.HashData({|#0:HashAlgorithmName.MD5|}, data);
                    using var b = IncrementalHash.CreateHash({|#1:HashAlgorithmName.SHA1|});
                    var c = SHA1.HashData(data);
                    var d = CryptographicOperations.HmacData({|#2:HashAlgorithmName.MD5|}, data, data);
                    var e = CryptographicOperations.HashData(HashAlgorithmName.SHA256, data);
                    using var f = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA384, data);
            """).Replace("var c = SHA1.HashData(data);", "var c = {|#3:SHA1.HashData(data)|};"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Sha1),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("HMACMD5 relies on a broken hash; use HashAlgorithmName.SHA256"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(Sha1));
    }

    [Fact]
    public async Task OneShotHashByName_AsAChecksum_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
                    var etag = Convert.ToHexString(CryptographicOperations.HashData(HashAlgorithmName.MD5, data));
                    using var checksum = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            """));
    }

    [Fact]
    public async Task Fix_SwitchesTheHashAlgorithmNameToSha256_ExceptIntoAFixedBuffer()
    {
        var source = Code("""
                    var a = CryptographicOperations.HashData({|#0:HashAlgorithmName.MD5|}, data);
                    using var b = IncrementalHash.CreateHash({|#1:HashAlgorithmName.SHA1|});
                    Span<byte> digest = stackalloc byte[16];
                    CryptographicOperations.TryHashData({|#2:HashAlgorithmName.MD5|}, data, digest, out _);
            """);
        var fixedSource = Code("""
                    var a = CryptographicOperations.HashData(HashAlgorithmName.SHA256, data);
                    using var b = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    Span<byte> digest = stackalloc byte[16];
                    CryptographicOperations.TryHashData({|#2:HashAlgorithmName.MD5|}, data, digest, out _);
            """);
        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments(Md5),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments(Sha1),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments(Md5),
            },
            FixedState = { Sources = { fixedSource }, ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(2).WithArguments(Md5) } },
        }.RunAsync();
    }

    [Fact]
    public async Task ShortRsaKeys_FromEveryConstructorAndSetter_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
            #pragma warning disable CA1416 // Platform-specific types are fine in a test.
                    using var a = {|#0:RSA.Create(1024)|};
                    using var b = {|#1:new RSACryptoServiceProvider(1024)|};
                    using var c = {|#2:new RSACng(1024)|};
                    using var d = {|#3:new RSAOpenSsl(KeyBits)|};
                    using RSA e = RSA.Create();
                    {|#4:e.KeySize = 1024|};
                    using var f = new RSACng { {|#5:KeySize = 512|} };
                    AsymmetricAlgorithm g = RSA.Create();
                    g.KeySize = 1024;
            #pragma warning restore CA1416
            """).Replace("public class Crypto\n{", "public class Crypto\n{\n    private const int KeyBits = 1024;"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Rsa1024),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Rsa1024),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(Rsa1024),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(Rsa1024),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments(Rsa1024),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments("An RSA key of 512 bits can be factored; use at least 2048 bits"));
    }

    [Fact]
    public async Task LongRsaKeys_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
            #pragma warning disable CA1416
                    using var a = RSA.Create(3072);
                    using var b = new RSACng(2048);
                    using var c = RSA.Create();
                    c.KeySize = 4096;
                    using var aes = Aes.Create();
                    aes.KeySize = 128;
            #pragma warning restore CA1416
            """));
    }

    [Fact]
    public async Task Dsa_IsReported_WhereverItIsCreated()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
            #pragma warning disable CA1416
                    using var a = {|#0:DSA.Create()|};
                    using var b = {|#1:DSA.Create(2048)|};
                    using var c = {|#2:new DSACryptoServiceProvider()|};
                    using var d = {|#3:new DSACng(2048)|};
            #pragma warning restore CA1416
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Dsa),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Dsa),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(Dsa),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(Dsa));
    }

    [Fact]
    public async Task SmallEllipticCurves_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
            #pragma warning disable CA1416
                    using var a = ECDsa.Create({|#0:ECCurve.NamedCurves.brainpoolP192r1|});
                    var b = {|#1:ECCurve.CreateFromFriendlyName("secp224r1")|};
                    using var c = ECDiffieHellman.Create({|#2:ECCurve.CreateFromValue("1.2.840.10045.3.1.1")|});
                    using var d = {|#3:new ECDsaCng(192)|};
                    using var e = ECDsa.Create();
                    {|#4:e.KeySize = 224|};
            #pragma warning restore CA1416
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The elliptic curve brainpoolP192r1 has a 192-bit field, below the 256 bits required; use ECCurve.NamedCurves.nistP256 or stronger"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("The elliptic curve secp224r1 has a 224-bit field, below the 256 bits required; use ECCurve.NamedCurves.nistP256 or stronger"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("The elliptic curve 1.2.840.10045.3.1.1 has a 192-bit field, below the 256 bits required; use ECCurve.NamedCurves.nistP256 or stronger"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("An elliptic-curve key of 192 bits is below the 256 bits required; use the P-256 curve or stronger"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("An elliptic-curve key of 224 bits is below the 256 bits required; use the P-256 curve or stronger"));
    }

    [Fact]
    public async Task StrongEllipticCurves_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
            #pragma warning disable CA1416
                    using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    using var b = ECDsa.Create(ECCurve.NamedCurves.brainpoolP384t1);
                    var c = ECCurve.CreateFromFriendlyName("secp256k1");
                    var d = ECCurve.CreateFromFriendlyName("prime256v1");
                    using var e = new ECDsaCng(384);
                    e.KeySize = 521;
            #pragma warning restore CA1416
            """));
    }
}
