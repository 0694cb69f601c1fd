using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.PhiEndpointAuthorizationAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class PhiEndpointAuthorizationAnalyzerTests
{
    private const string NoAuthorization = "no [Authorize], RequireAuthorization, authorization filter or fallback policy applies";
    private const string Overridden = "[AllowAnonymous] or .AllowAnonymous() overrides every authorization requirement";
    private const string ReturnsPatient = "it returns Patient, which holds Patient.Ssn ([Phi])";

    private static VerifyCS.Test Test(string source, params DiagnosticResult[] expected) => Test(new[] { source }, expected);

    private static VerifyCS.Test Test(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestState = { Sources = { PhiEndpointAuditAnalyzerTests.Models } } };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task PhiAction_WithoutAuthorization_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                public Patient {|#0:Get|}(int id) => new();
            }
            """;

        await Test(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET api/patients/{id}' (PatientsController.Get)", ReturnsPatient, NoAuthorization)).RunAsync();
    }

    [Fact]
    public async Task AuthorizeOnClassOrBaseClass_Counts()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Authorize]
            public abstract class SecureController : ControllerBase { }

            [Route("a")]
            public class AController : SecureController
            {
                [HttpGet] public Patient Get() => new();
            }

            [Authorize(Roles = "Clinician"), Route("b")]
            public class BController : ControllerBase
            {
                [HttpGet] public Patient Get() => new();
            }
            """;

        await Test(source).RunAsync();
    }

    [Fact]
    public async Task AllowAnonymousOnTheAction_OverridesTheClass()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Authorize, Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}"), AllowAnonymous]
                public Patient {|#0:Get|}(int id) => new();

                [HttpGet("secure/{id}")]
                public Patient Secure(int id) => new();
            }
            """;

        await Test(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET patients/{id}' (PatientsController.Get)", ReturnsPatient, Overridden)).RunAsync();
    }

    [Fact]
    public async Task FallbackPolicy_ProtectsEveryEndpoint()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    var app = builder.Build();
                    app.MapGet("/patients/{id}", (int id) => new Patient());
                }
            }

            [Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet] public Patient Get() => new();
            }
            """;

        await Test(source).RunAsync();
    }

    [Fact]
    public async Task SetFallbackPolicy_OnTheAuthorizationBuilder_Counts()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    var app = builder.Build();
                    app.MapGet("/patients/{id}", (int id) => new Patient());
                }
            }
            """;

        await Test(source).RunAsync();
    }

    [Fact]
    public async Task FallbackPolicyInADevelopmentOnlyBranch_DoesNotCount()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddCookie();
                    if (builder.Environment.IsDevelopment())
                    {
                        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    }

                    var app = builder.Build();
                    app.{|#0:MapGet|}("/patients/{id}", (int id) => new Patient());
                }
            }
            """;

        await Test(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /patients/{id}'", ReturnsPatient, NoAuthorization)).RunAsync();
    }

    [Fact]
    public async Task MapControllersRequireAuthorization_AndGlobalAuthorizeFilter_Count()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public static class Startup
            {
                public static void Configure(WebApplication app) => app.MapControllers().RequireAuthorization();
            }

            [Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet] public Patient Get() => new();
            }
            """;
        var filter = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            public static class Services
            {
                public static void Add(WebApplicationBuilder builder) => builder.Services.AddControllers(o => o.Filters.Add(new AuthorizeFilter()));
            }
            """;

        await Test(source).RunAsync();
        await Test(new[] { filter, source.Replace("app.MapControllers().RequireAuthorization()", "app.MapControllers()") }).RunAsync();
    }

    [Fact]
    public async Task MinimalApi_GroupRequireAuthorization_Counts_EndpointAllowAnonymousOverrides()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    var patients = app.MapGroup("/patients").RequireAuthorization();
                    patients.MapGet("/{id}", (int id) => new Patient());
                    patients.{|#0:MapGet|}("/public/{id}", (int id) => new Patient()).AllowAnonymous();
                    app.{|#1:MapGet|}("/open/{id}", (int id) => new Patient());
                }
            }
            """;

        await Test(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /patients/public/{id}'", ReturnsPatient, Overridden),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'GET /open/{id}'", ReturnsPatient, NoAuthorization)).RunAsync();
    }

    [Fact]
    public async Task MinimalApi_SeveralGroupsInOneMethod_EachMapCallSeesItsOwnGroup()
    {
        // What a group contributes is worked out once per MapGroup call (and per local) and shared
        // by the Map… calls below it: sibling and nested groups must still keep their own marks,
        // including marks applied after the Map… calls.
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    var secure = app.MapGroup("/secure");
                    var open = app.MapGroup("/open");
                    var nested = secure.MapGroup("/nested");
                    var openNested = open.MapGroup("/nested").RequireAuthorization();
                    secure.MapGet("/a", (int id) => new Patient());
                    open.{|#0:MapGet|}("/a", (int id) => new Patient());
                    nested.MapGet("/b", (int id) => new Patient());
                    openNested.MapGet("/c", (int id) => new Patient());
                    open.{|#1:MapGet|}("/d", (int id) => new Patient());
                    secure.MapGet("/e", (int id) => new Patient());
                    secure.RequireAuthorization();
                    Helper(open);
                    Helper(secure);
                }

                private static void Helper(RouteGroupBuilder group)
                {
                    group.{|#2:MapGet|}("/f", (int id) => new Patient());
                    group.{|#3:MapGet|}("/g", (int id) => new Patient());
                }
            }
            """;

        await Test(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /open/a'", ReturnsPatient, NoAuthorization),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'GET /open/d'", ReturnsPatient, NoAuthorization),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("'GET /open/f'", ReturnsPatient, NoAuthorization),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("'GET /open/g'", ReturnsPatient, NoAuthorization)).RunAsync();
    }

    [Fact]
    public async Task RazorPage_AuthorizeOnThePageModel_Counts_OnTheHandlerItDoesNot()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages
            {
                [Authorize]
                public class SecureModel(PatientStore store) : PageModel
                {
                    public Patient? Patient { get; private set; }
                    public void OnGet(int id) => Patient = store.Find(id);
                }

                public class OpenModel(PatientStore store) : PageModel
                {
                    public Patient? Patient { get; private set; }

                    [Authorize]
                    public void {|#0:OnGet|}(int id) => Patient = store.Find(id);
                }
            }
            """;

        await Test(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'GET /Open' (OpenModel.OnGet)", "the handler loads Patient?, which holds Patient.Ssn ([Phi])", NoAuthorization)).RunAsync();
    }

    [Fact]
    public async Task EndpointsWithoutPhi_AreNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/clinics", () => new ClinicSite());
                    app.MapGet("/health", () => "ok");
                }
            }
            """;

        await Test(source).RunAsync();
    }

    [Fact]
    public async Task GroupPassedToHelper_WithAuthorizationAtTheCallSite_Counts()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            public static class PatientEndpoints
            {
                public static void MapPatients(this IEndpointRouteBuilder routes)
                    => routes.MapGet("/patients/{id}", (int id) => new Patient());
            }

            public static class Program
            {
                public static void Configure(WebApplication app) => app.MapGroup("/api").RequireAuthorization().MapPatients();
            }
            """;

        await Test(source).RunAsync();
    }
}
