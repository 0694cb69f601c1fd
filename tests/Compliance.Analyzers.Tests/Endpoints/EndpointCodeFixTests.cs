using Compliance.Analyzers.CodeFixes.Endpoints;
using Compliance.Analyzers.Tests.Verifiers;
using AuditFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.PhiEndpointAuditAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.AuditedCodeFixProvider>;
using AuthorizeFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.PhiEndpointAuthorizationAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.AuthorizeCodeFixProvider>;
using CsrfFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.CsrfProtectionAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.AntiforgeryCodeFixProvider>;
using RateFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.EndpointRateLimitAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.RateLimitedCodeFixProvider>;
using TierFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.AuthenticationRateLimitTierAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.AuthenticationTierCodeFixProvider>;
using ValidateFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.EndpointInputValidationAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.ValidatedCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Endpoints;

/// <summary>Every endpoint fix in the three endpoint styles, one at a time and with Fix All, compiled against the real Compliance.Runtime.</summary>
public sealed class EndpointCodeFixTests
{
    private const string Models = PhiEndpointAuditAnalyzerTests.Models;

    [Fact]
    public async Task Audited_IsAddedToEveryActionOfAController_WithTheUsing()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                public Patient {|#0:Get|}(int id) => new();

                [HttpPost]
                public IActionResult {|#1:Create|}(Patient patient) => Ok();
            }
            """;
        var fixedSource = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                [Audited]
                public Patient Get(int id) => new();

                [HttpPost]
                [Audited]
                public IActionResult Create(Patient patient) => Ok();
            }
            """;

        await new AuditFix.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    AuditFix.Diagnostic().WithLocation(0).WithArguments("'GET api/patients/{id}' (PatientsController.Get)", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))"),
                    AuditFix.Diagnostic().WithLocation(1).WithArguments("'POST api/patients' (PatientsController.Create)", "it handles PHI (it binds Patient, which holds Patient.Ssn ([Phi]))"),
                },
            },
            FixedState = { Sources = { fixedSource, Models } },
            CodeActionEquivalenceKey = AuditedCodeFixProvider.AddAuditedKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Audited_OnRazorPages_GoesOnThePageModelOnce()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages
            {
                public class EditModel(PatientStore store) : PageModel
                {
                    public Patient? Patient { get; private set; }

                    public void {|#0:OnGet|}(int id) => Patient = store.Find(id);

                    public IActionResult {|#1:OnPost|}(Patient patient) => Page();
                }
            }
            """;
        var fixedSource = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages
            {
                [Audited]
                public class EditModel(PatientStore store) : PageModel
                {
                    public Patient? Patient { get; private set; }

                    public void OnGet(int id) => Patient = store.Find(id);

                    public IActionResult OnPost(Patient patient) => Page();
                }
            }
            """;

        await new AuditFix.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    AuditFix.Diagnostic().WithLocation(0).WithArguments("'GET /Edit' (EditModel.OnGet)", "it handles PHI (the handler loads Patient?, which holds Patient.Ssn ([Phi]))"),
                    AuditFix.Diagnostic().WithLocation(1).WithArguments("'POST /Edit' (EditModel.OnPost)", "it handles PHI (it binds Patient, which holds Patient.Ssn ([Phi]))"),
                },
            },
            FixedState = { Sources = { fixedSource, Models } },
            NumberOfIncrementalIterations = 1,
            CodeActionEquivalenceKey = AuditedCodeFixProvider.AddAuditedKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Audited_IsAppendedToMinimalApis()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapGet|}("/patients/{id}", (int id, PatientStore store) => store.Find(id));
                    var group = app.MapGroup("/v2");
                    group.{|#1:MapGet|}("/patients/{id}", (int id, PatientStore store) => store.Find(id))
                        .WithName("GetPatient");
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/patients/{id}", (int id, PatientStore store) => store.Find(id)).Audited();
                    var group = app.MapGroup("/v2");
                    group.MapGet("/patients/{id}", (int id, PatientStore store) => store.Find(id)).Audited()
                        .WithName("GetPatient");
                }
            }
            """;

        await new AuditFix.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    AuditFix.Diagnostic().WithLocation(0).WithArguments("'GET /patients/{id}'", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))"),
                    AuditFix.Diagnostic().WithLocation(1).WithArguments("'GET /v2/patients/{id}'", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))"),
                },
            },
            FixedState = { Sources = { fixedSource, Models } },
            CodeActionEquivalenceKey = AuditedCodeFixProvider.AddAuditedKey,
        }.RunAsync();
    }

    [Fact]
    public async Task RateLimited_StandardTier_InAllThreeStyles()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [Route("clinics")]
            public class ClinicsController : ControllerBase
            {
                [HttpGet]
                public IActionResult {|#0:List|}() => Ok();
            }

            public class IndexModel : PageModel
            {
                public void {|#1:OnGet|}() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.{|#2:MapGet|}("/health", () => "ok");
            }
            """;
        var fixedSource = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [Route("clinics")]
            public class ClinicsController : ControllerBase
            {
                [HttpGet]
                [RateLimited(RateLimitTier.Standard)]
                public IActionResult List() => Ok();
            }

            [RateLimited(RateLimitTier.Standard)]
            public class IndexModel : PageModel
            {
                public void OnGet() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/health", () => "ok").RateLimited(RateLimitTier.Standard);
            }
            """;
        const string NoLimit = "no [RateLimited], [EnableRateLimiting], RequireRateLimiting or global limiter applies";

        // Another endpoint limits, so the ones left out are reported (and fixed) one by one.
        const string Limited = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [EnableRateLimiting("fixed"), Route("limited")]
            public class LimitedController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get() => Ok();
            }
            """;

        await new RateFix.Test
        {
            TestState =
            {
                Sources = { source, Limited },
                ExpectedDiagnostics =
                {
                    RateFix.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit).WithLocation(0).WithArguments("'GET clinics' (ClinicsController.List)", NoLimit),
                    RateFix.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit).WithLocation(1).WithArguments("'GET /Index' (IndexModel.OnGet)", NoLimit),
                    RateFix.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit).WithLocation(2).WithArguments("'GET /health'", NoLimit),
                },
            },
            FixedState = { Sources = { fixedSource, Limited } },
            CodeActionEquivalenceKey = RateLimitedCodeFixProvider.AddRateLimitedKey,
        }.RunAsync();
    }

    [Fact]
    public async Task RateLimited_IsNotOffered_WhenDisableRateLimitingIsTheCause()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("login"), DisableRateLimiting]
                public IActionResult {|#0:Login|}() => Ok();
            }
            """;

        var expected = RateFix.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit).WithLocation(0).WithArguments("'POST account/login' (AccountController.Login)", "[DisableRateLimiting] turns rate limiting off on an endpoint that authenticates callers");
        await new RateFix.Test
        {
            TestCode = source,
            ExpectedDiagnostics = { expected },
            FixedState = { Sources = { source }, ExpectedDiagnostics = { expected } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }

    [Fact]
    public async Task AuthenticationTier_ReplacesAnExistingTier_OrIsAdded()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("login")]
                [RateLimited(RateLimitTier.Standard)]
                public IActionResult {|#0:Login|}() => Ok();

                [HttpPost("password/reset")]
                public IActionResult {|#1:ResetPassword|}() => Ok();
            }

            public class LoginModel : PageModel
            {
                public void {|#2:OnPost|}() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#3:MapPost|}("/connect/token", () => "t").RateLimited(RateLimitTier.Bulk).WithName("Token");
                    app.{|#4:MapPost|}("/mfa/otp", () => "ok");
                }
            }
            """;
        var fixedSource = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("login")]
                [RateLimited(RateLimitTier.Authentication)]
                public IActionResult Login() => Ok();

                [HttpPost("password/reset")]
                [RateLimited(RateLimitTier.PasswordReset)]
                public IActionResult ResetPassword() => Ok();
            }

            [RateLimited(RateLimitTier.Authentication)]
            public class LoginModel : PageModel
            {
                public void OnPost() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/connect/token", () => "t").RateLimited(RateLimitTier.Authentication).WithName("Token");
                    app.MapPost("/mfa/otp", () => "ok").RateLimited(RateLimitTier.Authentication);
                }
            }
            """;

        await new TierFix.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                TierFix.Diagnostic().WithLocation(0).WithArguments("'POST account/login' (AccountController.Login)", "is on RateLimitTier.Standard", "Authentication"),
                TierFix.Diagnostic().WithLocation(1).WithArguments("'POST account/password/reset' (AccountController.ResetPassword)", "has no rate limit", "PasswordReset"),
                TierFix.Diagnostic().WithLocation(2).WithArguments("'POST /Login' (LoginModel.OnPost)", "has no rate limit", "Authentication"),
                TierFix.Diagnostic().WithLocation(3).WithArguments("'POST /connect/token'", "is on RateLimitTier.Bulk", "Authentication"),
                TierFix.Diagnostic().WithLocation(4).WithArguments("'POST /mfa/otp'", "has no rate limit", "Authentication"),
            },
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = AuthenticationTierCodeFixProvider.UseAuthenticationTierKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Validated_InAllThreeStyles()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public record Booking(int PatientId, string Reason);

            [ApiController, Route("bookings")]
            public class BookingsController : ControllerBase
            {
                [HttpPost]
                public IActionResult {|#0:Create|}(Booking booking) => Ok();
            }

            public class BookModel : PageModel
            {
                [BindProperty]
                public Booking? Input { get; set; }

                public void {|#1:OnPost|}() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.{|#2:MapPost|}("/bookings", (Booking booking) => booking.Reason);
            }
            """;
        var fixedSource = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public record Booking(int PatientId, string Reason);

            [ApiController, Route("bookings")]
            public class BookingsController : ControllerBase
            {
                [HttpPost]
                [Validated]
                public IActionResult Create(Booking booking) => Ok();
            }

            [Validated]
            public class BookModel : PageModel
            {
                [BindProperty]
                public Booking? Input { get; set; }

                public void OnPost() { }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapPost("/bookings", (Booking booking) => booking.Reason).Validated();
            }
            """;

        await new ValidateFix.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                ValidateFix.Diagnostic().WithLocation(0).WithArguments("'POST bookings' (BookingsController.Create)", "the request body 'Booking booking'"),
                ValidateFix.Diagnostic().WithLocation(1).WithArguments("'POST /Book' (BookModel.OnPost)", "the model 'Booking? Input' from form and query values"),
                ValidateFix.Diagnostic().WithLocation(2).WithArguments("'POST /bookings'", "the request body 'Booking booking'"),
            },
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = ValidatedCodeFixProvider.AddValidatedKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Authorize_InAllThreeStyles_WithTheUsing()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.Routing;

            [Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                public Patient {|#0:Get|}(int id) => new();
            }

            public class DetailsModel : PageModel
            {
                public Patient {|#1:OnGet|}() => new();
            }

            public static class Endpoints
            {
                public static void Map(IEndpointRouteBuilder routes) => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.{|#2:MapGet|}(routes, "/patients", () => new Patient());
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.Routing;

            [Route("patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                [Authorize]
                public Patient Get(int id) => new();
            }

            [Authorize]
            public class DetailsModel : PageModel
            {
                public Patient OnGet() => new();
            }

            public static class Endpoints
            {
                public static void Map(IEndpointRouteBuilder routes) => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/patients", () => new Patient()).RequireAuthorization();
            }
            """;
        const string Returns = "it returns Patient, which holds Patient.Ssn ([Phi])";
        const string None = "no [Authorize], RequireAuthorization, authorization filter or fallback policy applies";

        await new AuthorizeFix.Test
        {
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    AuthorizeFix.Diagnostic().WithLocation(0).WithArguments("'GET patients/{id}' (PatientsController.Get)", Returns, None),
                    AuthorizeFix.Diagnostic().WithLocation(1).WithArguments("'GET /Details' (DetailsModel.OnGet)", Returns, None),
                    AuthorizeFix.Diagnostic().WithLocation(2).WithArguments("'GET /patients'", Returns, None),
                },
            },
            FixedState = { Sources = { fixedSource, Models } },
            CodeActionEquivalenceKey = AuthorizeCodeFixProvider.RequireAuthorizationKey,
        }.RunAsync();
    }

    private const string PatientEndpointProgram = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorization();
        AUTHENTICATION
        var app = builder.Build();
        app.MapGet("/patients/{id}", (int id) => new Patient()){|#0:|}
            .WithName("GetPatient");
        app.Run();
        """;

    [Fact]
    public async Task RequireAuthorization_IsNotOffered_WhenTheApplicationRegistersNoAuthentication()
    {
        // Requiring authorization without any authentication scheme turns every request into a 500.
        var source = PatientEndpointProgram.Replace("AUTHENTICATION", "").Replace("(int id) => new Patient()){|#0:|}", "(int id) => new Patient())").Replace("app.MapGet(", "app.{|#0:MapGet|}(");
        var expected = AuthorizeFix.Diagnostic().WithLocation(0).WithArguments(
            "'GET /patients/{id}'",
            "it returns Patient, which holds Patient.Ssn ([Phi])",
            "no [Authorize], RequireAuthorization, authorization filter or fallback policy applies, and the application registers no authentication: configure an authentication scheme (AddAuthentication) first, then require authorization");

        await new AuthorizeFix.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestState = { Sources = { source, Models }, ExpectedDiagnostics = { expected } },
            FixedState = { Sources = { source, Models }, ExpectedDiagnostics = { expected } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }

    [Fact]
    public async Task RequireAuthorization_IsOffered_WhenTheApplicationRegistersAuthentication()
    {
        var withAuthentication = PatientEndpointProgram.Replace("AUTHENTICATION", "builder.Services.AddAuthentication().AddCookie();");
        var source = withAuthentication.Replace("(int id) => new Patient()){|#0:|}", "(int id) => new Patient())").Replace("app.MapGet(", "app.{|#0:MapGet|}(");
        var fixedSource = withAuthentication.Replace("(int id) => new Patient()){|#0:|}", "(int id) => new Patient()).RequireAuthorization()");

        await new AuthorizeFix.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestState =
            {
                Sources = { source, Models },
                ExpectedDiagnostics =
                {
                    AuthorizeFix.Diagnostic().WithLocation(0).WithArguments("'GET /patients/{id}'", "it returns Patient, which holds Patient.Ssn ([Phi])", "no [Authorize], RequireAuthorization, authorization filter or fallback policy applies"),
                },
            },
            FixedState = { Sources = { fixedSource, Models } },
            CodeActionEquivalenceKey = AuthorizeCodeFixProvider.RequireAuthorizationKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ValidateAntiForgeryToken_OnTheAction_FixAllAcrossTheController()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);

                [HttpPost]
                public IActionResult {|#1:Create|}(EditPatient model) => View(model);
            }
            """ + EndpointSources.Application;
        var fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                [ValidateAntiForgeryToken]
                public IActionResult Edit(EditPatient model) => View(model);

                [HttpPost]
                [ValidateAntiForgeryToken]
                public IActionResult Create(EditPatient model) => View(model);
            }
            """ + EndpointSources.Application;
        const string Reason = "it binds form data and no antiforgery token is validated";

        await new CsrfFix.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                CsrfFix.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", Reason),
                CsrfFix.Diagnostic().WithLocation(1).WithArguments("'POST Patients/Create' (PatientsController.Create)", Reason),
            },
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = AntiforgeryCodeFixProvider.ValidateOnActionKey,
        }.RunAsync();
    }

    [Fact]
    public async Task ValidateAntiForgeryToken_OnTheController_ProtectsEveryAction()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);

                [HttpPost]
                public IActionResult {|#1:Create|}(EditPatient model) => View(model);
            }
            """ + EndpointSources.Application;
        var fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            [ValidateAntiForgeryToken]
            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult Edit(EditPatient model) => View(model);

                [HttpPost]
                public IActionResult Create(EditPatient model) => View(model);
            }
            """ + EndpointSources.Application;
        const string Reason = "it binds form data and no antiforgery token is validated";

        await new CsrfFix.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                CsrfFix.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", Reason),
                CsrfFix.Diagnostic().WithLocation(1).WithArguments("'POST Patients/Create' (PatientsController.Create)", Reason),
            },
            FixedCode = fixedSource,
            NumberOfIncrementalIterations = 1,
            CodeActionEquivalenceKey = AntiforgeryCodeFixProvider.ValidateOnControllerKey,
        }.RunAsync();
    }
}
