using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Crypto.InsecureRandomnessAnalyzer,
    Compliance.Analyzers.CodeFixes.Crypto.InsecureRandomnessCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Crypto;

public sealed class InsecureRandomnessAnalyzerTests
{
    private static string Code(string body, string members = "") => $$"""
        using System;
        using System.Security.Cryptography;

        public class Codes
        {
            private readonly Random random = new();
        {{members}}
            public void Work(byte[] data)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task OneTimeCodesAndTokens_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var otp = {|#0:random.Next(100000, 1000000)|}.ToString();
                    var resetToken = $"rt-{{|#1:Random.Shared.NextInt64()|}}";
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("otp"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("resetToken"));
    }

    [Fact]
    public async Task ReturnedFromASecurityMethod_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("", """
                public string CreateVerificationCode() => {|#0:random.Next(1000000)|}.ToString("D6");
                public int PageSize() => random.Next(10, 50);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("CreateVerificationCode"));
    }

    [Fact]
    public async Task BuffersEncodedIntoSecrets_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var buffer = new byte[32];
                    {|#0:random.NextBytes(buffer)|};
                    var sessionId = Convert.ToBase64String(buffer);
                    var salt = new byte[16];
                    {|#1:Random.Shared.NextBytes(salt)|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("sessionId"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("salt"));
    }

    [Fact]
    public async Task NonSecurityUses_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
                    var jitter = TimeSpan.FromMilliseconds(random.Next(0, 250));
                    var statusCode = random.Next(200, 300);
                    var cacheKey = random.Next().ToString();
                    var sample = random.NextDouble() < 0.01;
                    var noise = new byte[8];
                    random.NextBytes(noise);
            """));
    }

    [Fact]
    public async Task PropertiesAndArguments_AreSecurityTargetsToo()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    Pin = {|#0:random.Next(1000, 10000)|};
                    Store(nonce: {|#1:random.Next()|});
            """, """
                public int Pin { get; set; }
                private static void Store(int nonce) { }
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Pin"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("nonce"));
    }

    [Fact]
    public async Task Fix_UsesRandomNumberGenerator_WithTheSameShape()
    {
        await VerifyCS.VerifyCodeFixAsync(
            Code("""
                    var otp = {|#0:random.Next(100000, 1000000)|};
                    var pin = {|#1:Random.Shared.Next(10000)|};
                    var token = {|#2:random.Next()|};
                    var salt = new byte[16];
                    {|#3:random.NextBytes(salt)|};
            """),
            [
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("otp"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("pin"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("token"),
                VerifyCS.Diagnostic().WithLocation(3).WithArguments("salt"),
            ],
            Code("""
                    var otp = RandomNumberGenerator.GetInt32(100000, 1000000);
                    var pin = RandomNumberGenerator.GetInt32(10000);
                    var token = RandomNumberGenerator.GetInt32(int.MaxValue);
                    var salt = new byte[16];
                    RandomNumberGenerator.Fill(salt);
            """));
    }

    [Fact]
    public async Task Fix_AddsTheCryptographyUsing()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using System;

            public class Codes
            {
                public string Otp() => {|#0:Random.Shared.Next(100000, 1000000)|}.ToString();
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Otp"),
            """
            using System;
            using System.Security.Cryptography;

            public class Codes
            {
                public string Otp() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString();
            }
            """);
    }

    [Fact]
    public async Task SubclassesOfRandom_AreCovered()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""        var code = {|#0:new SeededRandom().Next(100000, 999999)|};""", "private sealed class SeededRandom : Random { }"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("code"));
    }

    [Fact]
    public async Task HexOfRandomBytesIntoAResetToken_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var bytes = new byte[16];
                    {|#0:random.NextBytes(bytes)|};
                    var passwordResetToken = Convert.ToHexString(bytes);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("passwordResetToken"));
    }

    [Fact]
    public async Task NextDoubleInASecurityName_IsReportedWithoutAFix()
    {
        var source = Code("""        var nonce = {|#0:random.NextDouble()|};""");
        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("nonce") },
            FixedState = { Sources = { source }, ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("nonce") } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }

    [Fact]
    public async Task CodesThatAreNotSecurityValues_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
                    var ledgerCode = random.Next(1000, 9999);
                    var colorCode = random.Next(0, 0xFFFFFF).ToString("X6");
                    var productCode = $"P-{random.Next(100000)}";
                    AccountingCode = random.Next(100, 999).ToString();
                    DiscountCode = "SPRING" + random.Next(10, 99);
            """, """
                public string AccountingCode { get; set; } = "";
                public string DiscountCode { get; set; } = "";
            """));
    }

    [Fact]
    public async Task CodesQualifiedAsSecurityCodes_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                    var verificationCode = {|#0:random.Next(100000, 1000000)|};
                    var resetCode = {|#1:random.Next(100000, 1000000)|}.ToString();
                    var otpCode = {|#2:random.Next(100000, 1000000)|};
                    var mfaCode = {|#3:random.Next(100000, 1000000)|};
                    var confirmationCode = {|#4:random.Next(100000, 1000000)|};
                    var oneTimeCode = {|#5:random.Next(100000, 1000000)|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("verificationCode"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("resetCode"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("otpCode"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("mfaCode"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("confirmationCode"),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments("oneTimeCode"));
    }
}
