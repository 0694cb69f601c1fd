using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Transport.CleartextTransportAnalyzer>;

namespace Compliance.Analyzers.Tests.Transport;

public sealed class CleartextTransportAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Net.Mail;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        """;

    private const string Controls = " (HIPAA 164.312(e)(1); SOC 2 CC6.7)";

    private static string Http(string api, string address)
        => $"{api} sends the request in clear text to '{address}'; use https:// so PHI and credentials are encrypted in transit";

    private static string Ftp(string api, string address)
        => $"{api} sends the request in clear text to '{address}'; use FTPS (EnableSsl = true) or SFTP so PHI and credentials are encrypted in transit";

    [Fact]
    public async Task HttpClientRequestsToPlainHttp_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public sealed record LabResult(string Code);

            public sealed class LabClient(HttpClient http)
            {
                private const string Lab = "http://lab.example.org";

                public Task<string> A() => http.GetStringAsync({|#0:"http://lab.example.org/api/results?patient=42&key=secret"|});
                public Task<HttpResponseMessage> B(int id) => http.PostAsync({|#1:$"http://lab.example.org/api/results/{id}"|}, null);
                public Task<LabResult?> C() => http.GetFromJsonAsync<LabResult>({|#2:Lab + "/api/latest"|});
                public Task<HttpResponseMessage> D() => http.GetAsync({|#3:new Uri("http://user:p4ss@lab.example.org:8080/export#top")|});

                public Task<HttpResponseMessage> E()
                {
                    var address = "http://records.example.org/patients";
                    return http.SendAsync(new HttpRequestMessage(HttpMethod.Get, {|#4:address|}));
                }

                public Task<HttpResponseMessage> F()
                {
                    var request = new HttpRequestMessage { RequestUri = {|#5:new Uri(Lab)|} };
                    return http.SendAsync(request);
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Http("HttpClient.GetStringAsync", "http://lab.example.org/api/results") + Controls),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Http("HttpClient.PostAsync", "http://lab.example.org/api/results/…")),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(Http("HttpClient.GetFromJsonAsync", "http://lab.example.org/api/latest")),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(Http("HttpClient.GetAsync", "http://lab.example.org:8080/export")),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments(Http("new HttpRequestMessage", "http://records.example.org/patients")),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments(Http("HttpRequestMessage.RequestUri", "http://lab.example.org")));
    }

    [Fact]
    public async Task HttpsLoopbackIdentifiersAndUnknownHosts_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            using System.Xml.Linq;
            using System.Xml.Serialization;

            [XmlRoot(Namespace = "http://schemas.clinic.example.org/patient")]
            public sealed class Patient
            {
                public static readonly XNamespace Fhir = "http://hl7.org/fhir";
                public string System { get; set; } = "http://snomed.info/sct";
            }

            public sealed class Clients(HttpClient http, string configured)
            {
                public Task<string> A() => http.GetStringAsync("https://lab.example.org/api");
                public Task<string> B() => http.GetStringAsync("http://localhost:5000/health");
                public Task<string> C() => http.GetStringAsync("http://127.0.0.1/metrics");
                public Task<string> D() => http.GetStringAsync("http://[::1]:8080/");
                public Task<string> E() => http.GetStringAsync("http://api.localhost/");
                public Task<string> F() => http.GetStringAsync("http://hl7.org/fhir/StructureDefinition/Patient");
                public Task<string> G() => http.GetStringAsync("http://terminology.hl7.org/CodeSystem/v3-ActCode");
                public Task<string> H(string host) => http.GetStringAsync($"http://{host}/api");
                public Task<string> I() => http.GetStringAsync(configured);
                public Task<string> J() => http.GetStringAsync("patients/42");

                public Task<string> K(bool secure)
                {
                    // Written again below: the rule does not guess which value is sent.
                    var address = "http://lab.example.org/api";
                    if (secure)
                    {
                        address = "https://lab.example.org/api";
                    }

                    return http.GetStringAsync(address);
                }

                public string L() => "http://lab.example.org/api";
            }
            """);
    }

    [Fact]
    public async Task DevelopmentOnlyRequests_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Usings + """
            public sealed class Seeder(HttpClient http, IHostEnvironment environment)
            {
                public async Task Seed()
                {
                    if (environment.IsDevelopment())
                    {
                        await http.GetStringAsync("http://seed-data.dev.example.org/patients");
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task WebRequestAndWebClient_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            #pragma warning disable SYSLIB0014 // The obsolete APIs are what the rule is about.
            public static class Legacy
            {
                public static WebRequest A() => WebRequest.Create({|#0:"http://claims.example.org/submit"|});
                public static HttpWebRequest B() => WebRequest.CreateHttp({|#1:"http://claims.example.org/status"|});
                public static string C() => new WebClient().DownloadString({|#2:"http://claims.example.org/remittance"|});

                public static FtpWebRequest D()
                {
                    var request = (FtpWebRequest)WebRequest.Create({|#3:"ftp://files.example.org/eligibility.csv"|});
                    request.Credentials = new NetworkCredential("clinic", "secret");
                    return request;
                }

                public static FtpWebRequest Ftps()
                {
                    var request = (FtpWebRequest)WebRequest.Create("ftp://files.example.org/eligibility.csv");
                    request.EnableSsl = true;
                    return request;
                }

                public static FtpWebRequest E()
                {
                    var request = (FtpWebRequest)WebRequest.Create("ftp://files.example.org/eligibility.csv");
                    request.EnableSsl = true;
                    {|#4:request.EnableSsl = false|};
                    return request;
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(Http("WebRequest.Create", "http://claims.example.org/submit")),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(Http("WebRequest.CreateHttp", "http://claims.example.org/status")),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(Http("WebClient.DownloadString", "http://claims.example.org/remittance")),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(Ftp("WebRequest.Create", "ftp://files.example.org/eligibility.csv")),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("FtpWebRequest with EnableSsl = false sends files and the FTP credentials in clear text; set EnableSsl = true (FTPS) or use SFTP"));
    }

    [Fact]
    public async Task SmtpWithoutTls_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Usings + """
            public static class Mail
            {
                public static SmtpClient A() => new("smtp.clinic.example.org", 25) { {|#0:EnableSsl = false|} };

                public static SmtpClient B()
                {
                    var client = new SmtpClient("mail.clinic.example.org");
                    {|#1:client.EnableSsl = false|};
                    return client;
                }

                public static void C(SmtpClient client) => {|#2:client.EnableSsl = false|};

                public static SmtpClient Secure() => new("smtp.clinic.example.org", 587) { EnableSsl = true };
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SmtpClient with EnableSsl = false sends mail and the SMTP credentials in clear text to 'smtp.clinic.example.org'; set EnableSsl = true"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("SmtpClient with EnableSsl = false sends mail and the SMTP credentials in clear text to 'mail.clinic.example.org'; set EnableSsl = true"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("SmtpClient with EnableSsl = false sends mail and the SMTP credentials in clear text; set EnableSsl = true"));
    }

    [Fact]
    public async Task MailKitWithoutTls_IsReported_ByMetadataName()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            namespace MailKit.Security
            {
                public enum SecureSocketOptions { None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable }
            }

            namespace MailKit.Net.Smtp
            {
                public sealed class SmtpClient
                {
                    public void Connect(string host, int port, MailKit.Security.SecureSocketOptions options) { }
                }
            }

            namespace Clinic
            {
                using MailKit.Net.Smtp;
                using MailKit.Security;

                public static class Mailer
                {
                    public static void Send(SmtpClient client)
                    {
                        client.Connect("smtp.clinic.example.org", 25, {|#0:SecureSocketOptions.None|});
                        client.Connect("smtp.clinic.example.org", 465, SecureSocketOptions.SslOnConnect);
                        client.Connect("localhost", 25, SecureSocketOptions.None);
                    }
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("SmtpClient.Connect with SecureSocketOptions.None sends mail and credentials in clear text to 'smtp.clinic.example.org'; use SecureSocketOptions.SslOnConnect or StartTls"));
    }

    [Fact]
    public async Task HalfTypedRequest_DoesNotCrash()
    {
        await new VerifyCS.Test
        {
            TestCode = Usings + "public sealed class C(HttpClient http) { public Task<string> A() => http.GetStringAsync(\"http://lab.example.org/\" + ",
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipSuppressionCheck | TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }
}
