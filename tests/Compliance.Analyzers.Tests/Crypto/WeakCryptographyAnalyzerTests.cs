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
}
