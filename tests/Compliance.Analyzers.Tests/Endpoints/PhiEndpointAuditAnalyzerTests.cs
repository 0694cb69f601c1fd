using System.Collections.Immutable;
using Compliance.Analyzers.Endpoints;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.PhiEndpointAuditAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class PhiEndpointAuditAnalyzerTests
{
    internal const string Models = """
        using System.Collections.Generic;
        using Compliance.Runtime;

        public class Patient
        {
            public int Id { get; set; }

            [Phi(Category = "ssn")]
            public string Ssn { get; set; } = "";
        }

        public record Visit(int Id, Patient Patient);

        public class PatientStore
        {
            public Patient? Find(int id) => null;
            public List<Patient> All() => new();
        }

        public class ClinicSite
        {
            public string Name { get; set; } = "";
        }
        """;

    [Fact]
    public async Task ActionReturningPhi_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                public ActionResult<Patient> {|#0:Get|}(int id) => new Patient();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET api/patients/{id}' (PatientsController.Get)", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ActionBindingPhi_AndNestedPhi_AreReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/visits")]
            public class VisitsController : ControllerBase
            {
                [HttpPost]
                public IActionResult {|#0:Create|}(Visit visit) => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/visits' (VisitsController.Create)", "it handles PHI (it binds Visit, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerLoadingPhi_BehindIActionResult_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController(PatientStore store) : ControllerBase
            {
                [HttpGet]
                public IActionResult {|#0:List|}() => Ok(store.All());
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET api/patients' (PatientsController.List)", "it handles PHI (the handler loads List<Patient>, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerLoadingPhi_ThroughADeconstructedTuple_IsReported()
    {
        // The helper returns a task of a tuple that holds a patient; the handler deconstructs it.
        var source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/callback")]
            public class CallbackController(PatientStore store) : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> {|#0:Callback|}()
                {
                    var (patient, source) = await FindAsync(1);
                    return patient is null ? NotFound() : Ok(source);
                }

                private async Task<(Patient? patient, string source)> FindAsync(int id)
                {
                    await Task.Yield();
                    return (store.Find(id), "store");
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET api/callback' (CallbackController.Callback)", "it handles PHI (the handler loads Task<(Patient? patient, string source)>, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerLoadingPhi_ThroughACallTheCompilerCannotResolve_IsReported()
    {
        // A missing reference leaves the helper's argument unresolved: the call is an invalid
        // operation, but what the helper returns is still known.
        var source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/callback")]
            public class CallbackController(PatientStore store) : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> {|#0:Callback|}()
                {
                    var ({|CS8130:patient|}, {|CS8130:source|}) = await FindAsync({|CS0103:ExternalResult|});
                    return patient is null ? NotFound() : Ok(source);
                }

                private async Task<(Patient? patient, string source)> FindAsync({|CS0246:AuthenticateResult|} result)
                {
                    await Task.Yield();
                    return (store.Find(1), "store");
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET api/callback' (CallbackController.Callback)", "it handles PHI (the handler loads Task<(Patient? patient, string source)>, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task AuditedOnMethodClassOrBase_Counts()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [Audited]
            public abstract class AuditedController : ControllerBase { }

            [Route("a")]
            public class AController : AuditedController
            {
                [HttpGet] public Patient Get() => new();
            }

            [Audited(Action = "phi.read"), Route("b")]
            public class BController : ControllerBase
            {
                [HttpGet] public Patient Get() => new();
            }

            [Route("c")]
            public class CController : ControllerBase
            {
                [HttpGet, Audited] public Patient Get() => new();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, Models } } }.RunAsync();
    }

    [Fact]
    public async Task EndpointsWithoutPhi_AreNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            [Route("clinics")]
            public class ClinicsController : ControllerBase
            {
                [HttpGet] public ClinicSite Get() => new();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/clinics/{id}", (int id) => new ClinicSite());
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, Models } } }.RunAsync();
    }

    [Fact]
    public async Task MinimalApi_ReturningPhi_IsReported_UnlessAuditedOnEndpointOrGroup()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapGet|}("/patients/{id}", (int id, PatientStore store) => store.Find(id));
                    app.MapGet("/audited/{id}", (int id, PatientStore store) => store.Find(id)).Audited();
                    var group = app.MapGroup("/group").Audited(resourceType: "Patient");
                    group.MapGet("/{id}", (int id, PatientStore store) => store.Find(id));
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /patients/{id}'", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ClassifiedParameter_IsReported()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.{|#0:MapGet|}("/lookup", ([Phi] string ssn) => ssn.Length);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /lookup'", "it handles PHI ('ssn' is [Phi])"));
    }

    [Fact]
    public async Task HandlerReadingPhiAsTheReceiverOfACall_OrThroughADelegateProperty_IsReported()
    {
        // The body walk does not ask for the symbol of a called method's name (it names the
        // method); what the method is called on is still read, and so is a delegate property.
        var source = """
            using System;
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;

            public class Formatter
            {
                [Phi]
                public Func<string> Describe { get; set; } = () => "";
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app, Patient patient, Formatter formatter)
                {
                    app.{|#0:MapGet|}("/trimmed", () => patient.Ssn.Trim().Length);
                    app.{|#1:MapGet|}("/described", () => formatter.Describe().Length);
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /trimmed'", "it handles PHI (the handler reads Patient.Ssn ([Phi]))"),
                    VerifyCS.Diagnostic().WithLocation(1).WithArguments("'GET /described'", "it handles PHI (the handler reads Formatter.Describe ([Phi]))"),
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerReadingPhiInALocalFunction_APropertyPattern_OrAField_IsReported_SiteNameIsNot()
    {
        // The body check reads the handler's operation tree: what nested functions and patterns
        // read counts, and a handler that only touches unclassified members is not reported.
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;

            public class Chart
            {
                [Phi]
                public string Notes = "";
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app, Patient patient, Chart chart, ClinicSite site)
                {
                    app.{|#0:MapGet|}("/local", () =>
                    {
                        int Length() => patient.Ssn.Length;
                        return Length();
                    });
                    app.{|#1:MapGet|}("/pattern", () => patient is { Ssn: "" });
                    app.{|#2:MapGet|}("/field", () => chart.Notes.Length);
                    app.MapGet("/site", () => site.Name.Length);
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /local'", "it handles PHI (the handler reads Patient.Ssn ([Phi]))"),
                    VerifyCS.Diagnostic().WithLocation(1).WithArguments("'GET /pattern'", "it handles PHI (the handler reads Patient.Ssn ([Phi]))"),
                    VerifyCS.Diagnostic().WithLocation(2).WithArguments("'GET /field'", "it handles PHI (the handler reads Chart.Notes ([Phi]))"),
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task RazorPageReadingPhi_IsReported_AuditedPageModelIsNot()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages.Patients
            {
                public class DetailsModel(PatientStore store) : PageModel
                {
                    public string Ssn { get; private set; } = "";

                    public void {|#0:OnGet|}(int id) => Ssn = store.Find(id)!.Ssn;
                }

                [Audited]
                public class AuditedModel(PatientStore store) : PageModel
                {
                    public void OnGet(int id) => store.Find(id);
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /Patients/Details' (DetailsModel.OnGet)", "it handles PHI (the handler reads Patient.Ssn ([Phi]))") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task AuditScopeAll_ReportsEveryEndpoint()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.{|#0:MapGet|}("/health", () => "ok");
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.endpoints.audit_scope = all",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /health'", "compliance.endpoints.audit_scope = all requires every endpoint to be audited") },
        }.RunAsync();
    }

    [Fact]
    public async Task AuditScopeAll_ReportsEveryEndpoint_EvenWithoutAnyClassificationType()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.{|#0:MapGet|}("/health", () => "ok");
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            ReferenceSet = ReferenceSet.AspNetCore,
            EditorConfig = "compliance.endpoints.audit_scope = all",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /health'", "compliance.endpoints.audit_scope = all requires every endpoint to be audited") },
        }.RunAsync();
    }

    /// <summary>
    /// Without a classification type (and without audit_scope = all) the rule cannot fire: it
    /// registers no action, so it never asks the shared endpoint model for endpoints. With the
    /// classification attributes referenced it registers its endpoint actions.
    /// </summary>
    [Theory]
    [InlineData(ReferenceSet.AspNetCore, false)]
    [InlineData(ReferenceSet.AspNetCoreWithRuntime, true)]
    public async Task RegistersEndpointWork_OnlyWhenSomethingCanBeClassified(ReferenceSet references, bool registers)
    {
        var compilation = CSharpCompilation.Create(
            "Audit",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    using Microsoft.AspNetCore.Mvc;

                    [ApiController, Route("api/clinics")]
                    public class ClinicsController : ControllerBase
                    {
                        [HttpGet]
                        public IActionResult List() => Ok();
                    }
                    """),
            },
            TestReferences.For(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new PhiEndpointAuditAnalyzer();
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer));

        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        Assert.Equal(registers, telemetry.SymbolActionsCount + telemetry.OperationActionsCount > 0);
    }

    [Fact]
    public async Task ConfiguredAuditEquivalent_AsGlobalFilterOrEndpointFilter_Counts()
    {
        var source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.Extensions.DependencyInjection;

            namespace MyCompany
            {
                public sealed class AuditFilter : IActionFilter, IEndpointFilter
                {
                    public void OnActionExecuting(ActionExecutingContext context) { }
                    public void OnActionExecuted(ActionExecutedContext context) { }
                    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
                }

                public static class Startup
                {
                    public static void Configure(WebApplicationBuilder builder)
                    {
                        builder.Services.AddControllers(o => o.Filters.Add<AuditFilter>());
                        var app = builder.Build();
                        app.MapGet("/patients/{id}", (int id, PatientStore store) => store.Find(id)).AddEndpointFilter<AuditFilter>();
                    }
                }

                [Route("patients")]
                public class PatientsController : ControllerBase
                {
                    [HttpGet] public Patient Get() => new();
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState = { Sources = { source, Models } },
            EditorConfig = "compliance.endpoints.audit_equivalents = MyCompany.AuditFilter",
        }.RunAsync();
    }

    [Fact]
    public async Task MapControllersAudited_CoversEveryController()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public static class Startup
            {
                public static void Configure(WebApplication app) => app.MapControllers().Audited();
            }

            [Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet] public Patient Get() => new();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, Models } } }.RunAsync();
    }
}
