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
            CompilerDiagnostics = Compliance.Analyzers.Tests.Verifiers.CompilerDiagnostics.None,
            TestBehaviors = Compliance.Analyzers.Tests.Verifiers.TestBehaviors.SkipSuppressionCheck | Compliance.Analyzers.Tests.Verifiers.TestBehaviors.SkipGeneratedCodeCheck,
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
}
