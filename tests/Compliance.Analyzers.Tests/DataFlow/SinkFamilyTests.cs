using Compliance.Analyzers.Tests.Verifiers;
using static Compliance.Analyzers.Tests.DataFlow.DataFlowTestSources;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.DataFlow.ClassifiedDataFlowAnalyzer>;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>CMP2001 log sinks other than ILogger's extension methods.</summary>
public sealed class LogSinkRuleTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task LoggerLog_State_IsReported()
        => Verify("""
                public void M(Patient p) => logger.Log(LogLevel.Information, new EventId(1), {|CMP2001:p.Ssn|}, null, (s, e) => s);
            """);

    [Fact]
    public Task BeginScope_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    using var scope = logger.BeginScope("Patient {Name}", {|CMP2001:p.Name|});
                }
            """);

    [Fact]
    public Task LoggerMessageDefine_IsReported()
        => Verify("""
                private static readonly Action<ILogger, string, Exception?> Admitted =
                    LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "Admitted {Name}");

                public void M(Patient p) => Admitted(logger, {|CMP2001:p.Name|}, null);
            """);

    [Fact]
    public Task LoggerMessageMethod_IsReported()
        => Verify("""
                public void M(Patient p) => Log.Admitted(logger, {|CMP2001:p.Name|});
            }

            public static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "Admitted {Name}")]
                public static partial void Admitted(ILogger logger, string name);

                public static partial void Admitted(ILogger logger, string name) { }
            """);

    [Fact]
    public Task Console_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    Console.WriteLine({|CMP2001:p.Ssn|});
                    Console.Error.WriteLine($"SSN {{|CMP2001:p.Ssn|}}");
                }
            """);

    [Fact]
    public Task DebugAndTrace_AreReported()
        => Verify("""
                public void M(Patient p)
                {
                    Debug.WriteLine({|CMP2001:p.Ssn|});
                    Trace.TraceInformation("{0}", {|CMP2001:p.Name|});
                }
            """);

    [Fact]
    public Task ExceptionPassedToLogger_IsNotTheMessage()
        => Verify("""
                public void M(Patient p, Exception e) => logger.LogError(e, "Failed for patient {Id}", p.Id);
            """);

    [Fact]
    public Task Suppressed_IsNotReported()
        => Verify("""
                public void M(Patient p)
                {
            #pragma warning disable CMP2001 // Local diagnostics only; the sink is disabled in production.
                    logger.LogDebug("SSN {Ssn}", p.Ssn);
            #pragma warning restore CMP2001
                }
            """);

    [Fact]
    public Task SerilogLogger_IsReported()
        => Verify("""
                public void M(Patient p, Serilog.ILogger log) => log.Information("SSN {Ssn}", {|CMP2001:p.Ssn|});
            }

            namespace Serilog
            {
                public interface ILogger
                {
                    void Information(string messageTemplate, params object?[]? propertyValues);
                }
            """);
}

/// <summary>CMP2002: exception messages and Exception.Data.</summary>
public sealed class ExceptionSinkRuleTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task ThrowWithClassifiedMessage_IsReported()
        => Verify("""
                public void M(Patient p) => throw new InvalidOperationException($"No bed for {{|#0:p.Name|}}");
            """,
            VerifyCS.Diagnostic("CMP2002").WithLocation(0).WithArguments("Patient.Name ([Phi])", "new InvalidOperationException(message)", ""));

    [Fact]
    public Task CustomException_IsReported()
        => Verify("""
                public void M(Patient p) => throw new PatientNotFoundException("Unknown SSN " + {|CMP2002:p.Ssn|});
            }

            public sealed class PatientNotFoundException : Exception
            {
                public PatientNotFoundException(string message) : base(message) { }
            """);

    [Fact]
    public Task ExceptionData_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    var e = new InvalidOperationException("failed");
                    e.Data["ssn"] = {|CMP2002:p.Ssn|};
                    throw e;
                }
            """);

    [Fact]
    public Task ArgumentExceptionParamName_IsNotReported()
        => Verify("""
                public void M(Patient p) => throw new ArgumentException("Invalid patient " + p.Id, nameof(p.Ssn));
            """);

    [Fact]
    public Task IdentifierInMessage_IsNotReported()
        => Verify("""
                public void M(Patient p) => throw new InvalidOperationException($"No bed for patient {p.Id}");
            """);

    [Fact]
    public Task RedactedMessage_IsNotReported()
        => Verify("""
                public void M(Patient p) => throw new InvalidOperationException($"No bed for {Redact.Hash(p.Name)}");
            """);

    [Fact]
    public Task MessageBuiltInLocal_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    var message = string.Format("Patient {0} has no bed", p.Name);
                    throw new InvalidOperationException({|CMP2002:message|});
                }
            """);

    [Fact]
    public Task ExceptionCreatedInHelper_IsReportedAtTheCall()
        => Verify("""
                private static Exception Fail(string name) => new InvalidOperationException("No bed for " + {|#1:name|});

                public void M(Patient p) => throw Fail({|#0:p.Name|});
            """,
            VerifyCS.Diagnostic("CMP2002").WithLocation(0).WithLocation(1).WithArguments("Patient.Name ([Phi])", "new InvalidOperationException(message)", " through Service.Fail"));
}

/// <summary>CMP2003: Activity and metrics.</summary>
public sealed class TelemetrySinkRuleTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task ActivitySetTag_IsReported()
        => Verify("""
                public void M(Patient p) => Activity.Current?.SetTag("patient.name", {|#0:p.Name|});
            """,
            VerifyCS.Diagnostic("CMP2003").WithLocation(0).WithArguments("Patient.Name ([Phi])", "Activity.SetTag", ""));

    [Fact]
    public Task ActivityAddTagAndBaggage_AreReported()
        => Verify("""
                public void M(Activity activity, Patient p)
                {
                    activity.AddTag("ssn", {|CMP2003:p.Ssn|});
                    activity.SetBaggage("ssn", {|CMP2003:p.Ssn|});
                }
            """);

    [Fact]
    public Task ActivityEvent_IsReported()
        => Verify("""
                public void M(Activity activity, Patient p)
                    => activity.AddEvent(new ActivityEvent({|CMP2003:"admitted " + p.Name|}));
            """.Replace("{|CMP2003:\"admitted \" + p.Name|}", "\"admitted \" + {|CMP2003:p.Name|}"));

    [Fact]
    public Task TagListAdd_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    var tags = new TagList();
                    tags.Add("ssn", {|CMP2003:p.Ssn|});
                }
            """);

    [Fact]
    public Task CounterTags_AreReported()
        => Verify("""
                private static readonly System.Diagnostics.Metrics.Counter<int> Admissions =
                    new System.Diagnostics.Metrics.Meter("clinic").CreateCounter<int>("admissions");

                public void M(Patient p) => Admissions.Add(1, {|CMP2003:new KeyValuePair<string, object?>("name", p.Name)|});
            """);

    [Fact]
    public Task ActivityIdentifierTag_IsNotReported()
        => Verify("""
                public void M(Patient p) => Activity.Current?.SetTag("patient.id", p.Id);
            """);

    [Fact]
    public Task ClassifiedValueAsTagKey_IsTheKeyNotTheValue()
        => Verify("""
                public void M(Patient p) => Activity.Current?.SetTag("ward", p.Ward);
            """);

    [Fact]
    public Task HashedTag_IsNotReported()
        => Verify("""
                public void M(Patient p) => Activity.Current?.SetTag("patient", Redact.Hash(p.Ssn));
            """);
}

/// <summary>CMP2004: redirects, headers, cookies, outgoing query strings and ProblemDetails.</summary>
public sealed class WebSinkRuleTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task Redirect_IsReported()
        => Verify("""
                public void M(Microsoft.AspNetCore.Http.HttpResponse response, Patient p)
                    => response.Redirect("/patients?ssn=" + {|#0:p.Ssn|});
            """,
            VerifyCS.Diagnostic("CMP2004").WithLocation(0).WithArguments("Patient.Ssn ([Phi])", "HttpResponse.Redirect", ""));

    [Fact]
    public Task ControllerRedirectToAction_RouteValues_AreReported()
        => VerifyCS.VerifyAnalyzerAsync(Usings + """
            public class PatientsController : Microsoft.AspNetCore.Mvc.Controller
            {
                public Microsoft.AspNetCore.Mvc.IActionResult Created(Patient p)
                    => RedirectToAction("Details", {|CMP2004:new { p.Ssn }|});
            }

            """ + Models);

    [Fact]
    public Task ResponseHeader_IsReported()
        => Verify("""
                public void M(Microsoft.AspNetCore.Http.HttpResponse response, Patient p)
                {
                    response.Headers["X-Patient"] = {|CMP2004:p.Name|};
                    response.Headers.Append("X-Ssn", {|CMP2004:p.Ssn|});
                }
            """);

    [Fact]
    public Task Cookie_IsReported()
        => Verify("""
                public void M(Microsoft.AspNetCore.Http.HttpResponse response, Patient p)
                    => response.Cookies.Append("patient", {|CMP2004:p.Name|}, new Microsoft.AspNetCore.Http.CookieOptions { HttpOnly = true, Secure = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict });
            """);

    [Fact]
    public Task HttpClientQueryString_IsReported()
        => Verify("""
                public Task<string> M(System.Net.Http.HttpClient client, Patient p)
                    => client.GetStringAsync($"https://labs.example/results?ssn={{|CMP2004:p.Ssn|}}");
            """);

    [Fact]
    public Task HttpClientPostBody_IsNotReported()
        => Verify("""
                public Task M(System.Net.Http.HttpClient client, Patient p)
                    => client.PostAsync("https://labs.example/results", new System.Net.Http.StringContent(p.Ssn));
            """);

    [Fact]
    public Task ProblemDetails_AreReported()
        => Verify("""
                public object M(Patient p)
                {
                    var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "Not found", Detail = {|CMP2004:$"No record for {p.Name}"|} };
                    return Microsoft.AspNetCore.Http.Results.Problem(detail: {|CMP2004:p.Ssn|});
                }
            """.Replace("{|CMP2004:$\"No record for {p.Name}\"|}", "$\"No record for {{|CMP2004:p.Name|}}\""));

    [Fact]
    public Task RedirectWithIdentifier_IsNotReported()
        => Verify("""
                public void M(Microsoft.AspNetCore.Http.HttpResponse response, Patient p)
                    => response.Redirect("/patients/" + p.Id);
            """);
}

/// <summary>CMP2005: objects holding classified members logged whole.</summary>
public sealed class WholeObjectRuleTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task StructuredArgument_IsReported()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Admitted {@Patient}", {|#0:p|});
            """,
            VerifyCS.Diagnostic("CMP2005").WithLocation(0).WithArguments("Patient (holds Patient.Ssn ([Phi]))", "ILogger.LogInformation", ""));

    [Fact]
    public Task Interpolation_IsReported()
        => Verify("""
                public void M(PatientRecord r) => logger.LogInformation($"Admitted {{|CMP2005:r|}}");
            """);

    [Fact]
    public Task Collection_IsReported()
        => Verify("""
                public void M(List<Patient> patients) => logger.LogInformation("Ward {Patients}", {|CMP2005:patients|});
            """);

    [Fact]
    public Task NestedHolder_IsReported()
        => Verify("""
                public sealed class Admission { public Patient Patient { get; set; } = new(); public int Bed { get; set; } }

                public void M(Admission a) => Console.WriteLine({|CMP2005:a|});
            """);

    [Fact]
    public Task LoadedFromRepository_IsReported()
        => Verify("""
                private static Patient Find(int id) => new Patient { Id = id };

                public void M(int id)
                {
                    var patient = Find(id);
                    logger.LogInformation("Loaded {Patient}", {|CMP2005:patient|});
                }
            """);

    [Fact]
    public Task CleanObject_IsNotReported()
        => Verify("""
                public sealed class Bed { public int Number { get; set; } public string Ward { get; set; } = ""; }

                public void M(Bed b) => logger.LogInformation("Bed {@Bed}", b);
            """);

    [Fact]
    public Task IdentifierOfObject_IsNotReported()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Admitted {PatientId}", p.Id);
            """);

    [Fact]
    public Task RedactedObject_IsNotReported()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Admitted {Patient}", Redact.Value(p));
            """);
}
