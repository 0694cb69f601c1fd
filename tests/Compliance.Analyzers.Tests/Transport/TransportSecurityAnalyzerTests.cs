using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Transport.TransportSecurityAnalyzer>;

namespace Compliance.Analyzers.Tests.Transport;

public sealed class TransportSecurityAnalyzerTests
{
    private const string Usings = """
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Https;
        using Microsoft.Extensions.Hosting;

        """;

    [Fact]
    public async Task KestrelWithTls11_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Server
            {
                public static void Configure(HttpsConnectionAdapterOptions https) => https.SslProtocols = {|#0:SslProtocols.Tls11 | SslProtocols.Tls12|};
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SslProtocols.Tls11 enables deprecated protocol versions; use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose"));
    }

    [Fact]
    public async Task HttpClientHandlerWithTls10_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Client
            {
                public static HttpClientHandler Create() => new() { SslProtocols = {|#0:SslProtocols.Tls|} };
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SslProtocols.Tls enables deprecated protocol versions; use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose"));
    }

    [Fact]
    public async Task ModernProtocols_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public static class Client
            {
                public static HttpClientHandler Create() => new() { SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
                public static HttpClientHandler System() => new() { SslProtocols = SslProtocols.None };
                public static bool IsOld(SslProtocols p) => p == SslProtocols.Tls;
            }
            """);
    }

    [Fact]
    public async Task AcceptAllCertificateCallbacks_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Client
            {
                public static HttpClientHandler A() => new() { ServerCertificateCustomValidationCallback = {|#0:(_, _, _, _) => true|} };
                public static HttpClientHandler B() => new() { ServerCertificateCustomValidationCallback = {|#1:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|} };
                public static SslClientAuthenticationOptions C() => new() { RemoteCertificateValidationCallback = {|#2:delegate { return true; }|} };
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ServerCertificateCustomValidationCallback accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ServerCertificateCustomValidationCallback accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("RemoteCertificateValidationCallback accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"));
    }

    [Fact]
    public async Task RealValidation_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public static class Client
            {
                public static HttpClientHandler Pinned(string thumbprint) => new()
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, errors) => errors == SslPolicyErrors.None || cert?.Thumbprint == thumbprint,
                };
            }
            """);
    }

    [Fact]
    public async Task DevelopmentOnlyBranch_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public static class Client
            {
                public static HttpClientHandler Create(IHostEnvironment environment)
                {
                    var handler = new HttpClientHandler();
                    if (environment.IsDevelopment())
                    {
                        handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
                    }

                    return handler;
                }
            }
            """);
    }

    [Fact]
    public async Task SslStreamArguments_AreChecked()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Streams
            {
                public static SslStream Open(System.IO.Stream inner) => new(inner, false, {|#0:(_, _, _, _) => true|});
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("userCertificateValidationCallback accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"));
    }

    [Fact]
    public async Task HalfTypedCallback_DoesNotCrash()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + "public static class C { public static HttpClientHandler A() => new() { ServerCertificateCustomValidationCallback = (_, _, _, _) => ",
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipSuppressionCheck | TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task Ssl3CombinedInAnArgument_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Server
            {
            #pragma warning disable SYSLIB0039 // The obsolete value is what the rule is about.
                public static SslServerAuthenticationOptions Options() => new() { EnabledSslProtocols = {|#0:SslProtocols.Tls | SslProtocols.Tls11|} };
            #pragma warning restore SYSLIB0039
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SslProtocols.Tls and SslProtocols.Tls11 enables deprecated protocol versions; use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose"));
    }

    [Fact]
    public async Task CallbackThatLogsAndChecksErrors_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public static class Client
            {
                public static HttpClientHandler Create() => new()
                {
                    ServerCertificateCustomValidationCallback = (_, _, _, errors) =>
                    {
                        if (errors != SslPolicyErrors.None)
                        {
                            return false;
                        }

                        return true;
                    },
                };
            }
            """);
    }

    private const string AcceptsAll = " accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it";

    [Fact]
    public async Task ServicePointManagerCallbackAddedWithPlusEquals_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            using System.Net;

            public static class Legacy
            {
            #pragma warning disable SYSLIB0014 // ServicePointManager is what the rule is about.
                public static void TrustEverything()
                {
                    ServicePointManager.ServerCertificateValidationCallback += {|#0:delegate { return true; }|};
                    ServicePointManager.ServerCertificateValidationCallback += {|#1:(s, c, ch, e) => true|};
                }
            #pragma warning restore SYSLIB0014
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ServerCertificateValidationCallback" + AcceptsAll),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ServerCertificateValidationCallback" + AcceptsAll));
    }

    [Fact]
    public async Task PlusEqualsWithRealValidation_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            using System.Net;

            public static class Legacy
            {
            #pragma warning disable SYSLIB0014
                public static void Validate()
                {
                    ServicePointManager.ServerCertificateValidationCallback += (s, c, ch, e) => e == SslPolicyErrors.None;
                    ServicePointManager.ServerCertificateValidationCallback -= (s, c, ch, e) => true;
                }
            #pragma warning restore SYSLIB0014
            }
            """);
    }

    [Fact]
    public async Task MethodGroupThatOnlyReturnsTrue_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            using System.Security.Cryptography.X509Certificates;

            public static class Client
            {
                public static HttpClientHandler A() => new() { ServerCertificateCustomValidationCallback = {|#0:AcceptAll|} };

                public static SslStream B(System.IO.Stream inner) => new(inner, false, {|#1:Accept|});

                public static SslClientAuthenticationOptions C()
                {
                    var options = new SslClientAuthenticationOptions();
                    options.RemoteCertificateValidationCallback = {|#2:Local|};
                    return options;

                    static bool Local(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => (true);
                }

                private static bool AcceptAll(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

                private static bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    return true;
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ServerCertificateCustomValidationCallback" + AcceptsAll),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("userCertificateValidationCallback" + AcceptsAll),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("RemoteCertificateValidationCallback" + AcceptsAll));
    }

    [Fact]
    public async Task MethodGroupsThatValidate_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            using System.Security.Cryptography.X509Certificates;

            public static class Client
            {
                private const string Pinned = "3F1A";

                public static HttpClientHandler A() => new() { ServerCertificateCustomValidationCallback = Check };

                public static HttpClientHandler B() => new() { ServerCertificateCustomValidationCallback = Pin };

                public static SslStream C(System.IO.Stream inner) => new(inner, false, LogThenAccept);

                private static bool Check(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => errors == SslPolicyErrors.None;

                private static bool Pin(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    return certificate?.Thumbprint == Pinned;
                }

                // Not only "return true": the body decides, so the rule leaves it to review.
                private static bool LogThenAccept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    System.Console.WriteLine(errors);
                    return errors == SslPolicyErrors.None;
                }
            }
            """);
    }

    [Fact]
    public async Task DangerousValidator_PassedOrStored_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            using System;
            using System.Security.Cryptography.X509Certificates;

            public static class Client
            {
                private static readonly Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Validator = {|#0:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};

                public static HttpClientHandler Create() => Configure(new HttpClientHandler(), {|#1:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|});

                private static HttpClientHandler Configure(HttpClientHandler handler, Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> validator)
                {
                    handler.ServerCertificateCustomValidationCallback = validator;
                    return handler;
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("HttpClientHandler.DangerousAcceptAnyServerCertificateValidator" + AcceptsAll),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("validator" + AcceptsAll));
    }

    [Fact]
    public async Task DangerousValidator_AfterANonDevelopmentEarlyReturn_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public static class Client
            {
                public static HttpClientHandler Create(IHostEnvironment environment)
                {
                    var handler = new HttpClientHandler();
                    if (!environment.IsDevelopment())
                    {
                        return handler;
                    }

                    handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
                    return handler;
                }
            }
            """);
    }

    [Fact]
    public async Task ServicePointManagerWithOldProtocols_IsReported()
    {
        const string Modern = " enables deprecated protocol versions; use SecurityProtocolType.SystemDefault to let the operating system choose, or SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13";
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            using System.Net;

            public static class Legacy
            {
            #pragma warning disable SYSLIB0014, CS0618 // The obsolete values are what the rule is about.
                private const SecurityProtocolType Old = SecurityProtocolType.Tls | SecurityProtocolType.Tls11;

                public static void Configure()
                {
                    ServicePointManager.SecurityProtocol = {|#0:SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls | SecurityProtocolType.Tls11|};
                    ServicePointManager.SecurityProtocol |= {|#1:SecurityProtocolType.Tls11|};
                    ServicePointManager.SecurityProtocol = {|#2:Old|};
                }
            #pragma warning restore SYSLIB0014, CS0618
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SecurityProtocolType.Ssl3 and SecurityProtocolType.Tls and SecurityProtocolType.Tls11" + Modern),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("SecurityProtocolType.Tls11" + Modern),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("SecurityProtocolType.Tls and SecurityProtocolType.Tls11" + Modern));
    }

    [Fact]
    public async Task OldSslProtocolsEverywhere_AreReported()
    {
        const string Modern = " enables deprecated protocol versions; use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose";
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Tls
            {
            #pragma warning disable SYSLIB0039, CS0618 // The obsolete values are what the rule is about.
                private const SslProtocols Legacy = SslProtocols.Ssl2 | SslProtocols.Ssl3;

                public static SslClientAuthenticationOptions Client() => new() { EnabledSslProtocols = {|#0:SslProtocols.Tls11|} };

                public static HttpClientHandler Handler()
                {
                    var handler = new HttpClientHandler();
                    handler.SslProtocols |= {|#1:SslProtocols.Tls|};
                    return handler;
                }

                public static void Kestrel(HttpsConnectionAdapterOptions https) => https.SslProtocols = {|#2:Legacy|};
            #pragma warning restore SYSLIB0039, CS0618
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SslProtocols.Tls11" + Modern),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("SslProtocols.Tls" + Modern),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("SslProtocols.Ssl2 and SslProtocols.Ssl3" + Modern));
    }

    [Fact]
    public async Task ModernOrSystemDefaultProtocols_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            using System.Net;

            public static class Legacy
            {
            #pragma warning disable SYSLIB0014, CS0618
                public static void Configure(HttpsConnectionAdapterOptions https)
                {
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
                    ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls);
                    ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls11;
                    https.SslProtocols = SslProtocols.None;
                    https.SslProtocols = (SslProtocols)12288;
                }
            #pragma warning restore SYSLIB0014, CS0618
            }
            """);
    }
}
