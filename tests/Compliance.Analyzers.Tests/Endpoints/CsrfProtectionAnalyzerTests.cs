using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.CsrfProtectionAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class CsrfProtectionAnalyzerTests
{
    private const string CookieStartup = """
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        }
        """;

    private const string BearerStartup = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.Services.AddAuthentication().AddBearerToken();
        }
        """;

    private static Task VerifyInApplicationAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestState = { Sources = { source, EndpointSources.Application } } };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public async Task MvcFormPost_WithoutAntiforgery_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);

                [HttpGet]
                public IActionResult Index() => View();
            }
            """;

        await VerifyInApplicationAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", "it binds form data and no antiforgery token is validated"));
    }

    [Fact]
    public async Task ValidateAntiForgeryToken_OnMethodClassOrBase_Protects()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            [AutoValidateAntiforgeryToken]
            public abstract class SecureController : Controller { }

            public class AController : SecureController
            {
                [HttpPost] public IActionResult Edit(EditPatient model) => View(model);
            }

            [ValidateAntiForgeryToken]
            public class BController : Controller
            {
                [HttpPost] public IActionResult Edit(EditPatient model) => View(model);
            }

            public class CController : Controller
            {
                [HttpPost, ValidateAntiForgeryToken] public IActionResult Edit(EditPatient model) => View(model);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task IgnoreAntiforgeryToken_OnTheAction_OverridesTheClass()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            [AutoValidateAntiforgeryToken]
            public class PatientsController : Controller
            {
                [HttpPost, IgnoreAntiforgeryToken]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);
            }
            """;

        await VerifyInApplicationAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", "it binds form data and antiforgery validation is turned off"));
    }

    [Fact]
    public async Task GlobalAutoValidateFilter_Protects()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public class EditPatient { public string Name { get; set; } = ""; }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                    => builder.Services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
            }

            public class PatientsController : Controller
            {
                [HttpPost] public IActionResult Edit(EditPatient model) => View(model);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ApiControllerJsonBody_IsNotReported_EvenWithCookies()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class CreatePatient { public string Name { get; set; } = ""; }

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpPost] public IActionResult Create(CreatePatient request) => Ok();

                [HttpPut("{id}")] public IActionResult Update(int id, [FromBody] CreatePatient request) => Ok();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, CookieStartup } } }.RunAsync();
    }

    [Fact]
    public async Task CookieAuthenticatedPost_WithoutBody_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpPost("{id}/discharge")]
                public IActionResult {|#0:Discharge|}(int id) => Ok();

                [HttpPost("public"), AllowAnonymous]
                public IActionResult Public() => Ok();

                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, CookieStartup },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/patients/{id}/discharge' (PatientsController.Discharge)", "the application uses cookie authentication, the endpoint takes no JSON body, and no antiforgery token is validated"),
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task BearerOnlyApi_IsNotReported_EvenForForms()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/documents")]
            public class DocumentsController : ControllerBase
            {
                [HttpPost] public IActionResult Upload(IFormFile file) => Ok();

                [HttpDelete("{id}")] public IActionResult Delete(int id) => NoContent();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapPost("/notes/{id}/archive", (int id) => id).DisableAntiforgery();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, BearerStartup } } }.RunAsync();
    }

    [Fact]
    public async Task MinimalApiForm_IsValidatedByDefault_UnlessDisabled()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/upload", (IFormFile file) => file.Length);
                    app.{|#0:MapPost|}("/unsafe", ([FromForm] string name) => name).DisableAntiforgery();
                    var group = app.MapGroup("/forms").DisableAntiforgery();
                    group.{|#1:MapPut|}("/x", (IFormFile file) => file.Length);
                    group.{|#2:MapPost|}("/read", async (HttpContext context) => (await context.Request.ReadFormAsync()).Count);
                    // Names the word Form in its text without reading the form: not form data.
                    group.MapPost("/plain", (HttpContext context) => context.Request.ContentType /* Form? */);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /unsafe'", "it binds form data and antiforgery validation is turned off"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'PUT /forms/x'", "it binds form data and antiforgery validation is turned off"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("'POST /forms/read'", "it binds form data and antiforgery validation is turned off"));
    }

    [Fact]
    public async Task MinimalApi_CookieAuthenticatedPostWithoutBody_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public record Note(string Text);

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapPost|}("/patients/{id}/archive", (int id) => id).RequireAuthorization();
                    app.MapPost("/notes", (Note note) => note.Text).RequireAuthorization();
                    app.MapGet("/patients/{id}", (int id) => id).RequireAuthorization();
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, CookieStartup },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /patients/{id}/archive'", "the application uses cookie authentication, the endpoint takes no JSON body, and no antiforgery token is validated"),
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task RazorPages_AreValidatedByDefault_IgnoreAntiforgeryTokenIsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages
            {
                public class PatientInput { public string Name { get; set; } = ""; }

                public class CreateModel : PageModel
                {
                    [BindProperty] public PatientInput Input { get; set; } = new();

                    public IActionResult OnPost() => Page();
                }

                [IgnoreAntiforgeryToken]
                public class EditModel : PageModel
                {
                    [BindProperty] public PatientInput Input { get; set; } = new();

                    public void OnGet() { }

                    public IActionResult {|#0:OnPostAsync|}() => Page();
                }
            }
            """;

        await VerifyInApplicationAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /Edit' (EditModel.OnPostAsync)", "it binds form data and antiforgery validation is turned off"));
    }

    [Fact]
    public async Task ActionsWithoutVerb_AreOnlyConsideredWithFormData()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class HomeController : Controller
            {
                public IActionResult Index() => View();

                public IActionResult {|#0:Save|}(EditPatient model) => View(model);
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, CookieStartup },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'ANY Home/Save' (HomeController.Save)", "it binds form data and no antiforgery token is validated") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ConfiguredAntiforgeryEquivalent_Counts()
    {
        var source = """
            using System;
            using Microsoft.AspNetCore.Mvc;

            public sealed class CsrfHeaderCheckAttribute : Attribute { }
            public class EditPatient { public string Name { get; set; } = ""; }

            [CsrfHeaderCheck]
            public class PatientsController : Controller
            {
                [HttpPost] public IActionResult Edit(EditPatient model) => View(model);
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.endpoints.antiforgery_equivalents = CsrfHeaderCheckAttribute",
        }.RunAsync();
    }

    [Fact]
    public async Task StrictSameSiteAuthenticationCookie_ProtectsCookieAuthenticatedEndpoints()
    {
        var startup = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                    => builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                        .AddCookie(o => o.Cookie.SameSite = SameSiteMode.Strict);
            }
            """;
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("logout")]
                public IActionResult Logout() => NoContent();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, startup } } }.RunAsync();
        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source.Replace("Logout()", "{|#0:Logout|}()"), startup.Replace("SameSiteMode.Strict", "SameSiteMode.Lax") },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST account/logout' (AccountController.Logout)", "the application uses cookie authentication, the endpoint takes no JSON body, and no antiforgery token is validated") },
            },
        }.RunAsync();
    }

    /// <summary>A JSON API's DELETE action: state-changing, no body, reported only when cookies authenticate.</summary>
    private const string CatalogApiController = """
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("api/catalog")]
        public class CatalogController : ControllerBase
        {
            [HttpDelete("{id}")]
            public IActionResult Delete(int id) => NoContent();
        }
        """;

    [Theory]
    [InlineData("builder.Services.AddAuthentication(o => o.DefaultScheme = \"Bearer\").AddCookie().AddBearerToken()")]
    [InlineData("builder.Services.AddAuthentication(\"Bearer\").AddCookie().AddBearerToken()")]
    public async Task CookieSchemesBehindABearerDefault_AreNotCookieAuthentication(string registration)
    {
        // Reduced from a public API that registers Identity (and so its cookies) but authenticates
        // every request with a bearer token by default.
        var startup = $$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder) => {{registration}};
            }
            """;
        await new VerifyCS.Test { TestState = { Sources = { CatalogApiController, startup } } }.RunAsync();
    }

    [Fact]
    public async Task BearerDefaultFromAPackageThatDidNotResolve_IsStillBearerAuthentication()
    {
        // Reduced from a public API whose JwtBearer package was not restored when it was analysed
        // (an IDE before restore, or a loose compilation): the scheme constant and AddJwtBearer do
        // not bind, but the default scheme is still the bearer one.
        var startup = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddIdentity<IdentityUser, IdentityRole>();
                    builder.Services.AddAuthentication(config =>
                    {
                        config.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
                    })
                    .AddJwtBearer(config =>
                    {
                        config.SaveToken = true;
                    });
                }
            }
            """;
        await new VerifyCS.Test { TestState = { Sources = { CatalogApiController, startup } }, CompilerDiagnostics = CompilerDiagnostics.None }.RunAsync();
    }

    /// <summary>A JSON API that also takes an upload and a DELETE: reported under cookies, not under bearer tokens.</summary>
    private const string DocumentsApi = """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("api/documents")]
        public class DocumentsController : ControllerBase
        {
            [HttpPost] public IActionResult {|#0:Upload|}(IFormFile file) => Ok();
        }
        """;

    /// <summary>Program.cs calling the application's own registration helper from a shared project.</summary>
    private const string SharedAuthenticationStartup = """
        using Microsoft.AspNetCore.Builder;
        using Shared.Infrastructure;

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder) => builder.Services.AddApiAuthentication(builder.Configuration);
        }
        """;

    [Fact]
    public async Task BearerRegisteredByAHelperInAReferencedProject_IsBearerOnly()
    {
        // Reduced from APIs whose AddJwtBearer lives in a shared infrastructure project: only the
        // helper's name and its assembly's references are visible from the application.
        var jwtBearer = Compile("Microsoft.AspNetCore.Authentication.JwtBearer", """
            using Microsoft.AspNetCore.Authentication;

            namespace Microsoft.Extensions.DependencyInjection
            {
                public static class JwtBearerExtensions
                {
                    public static AuthenticationBuilder AddJwtBearer(this AuthenticationBuilder builder) => builder;
                }
            }
            """);
        var shared = Compile("Shared.Infrastructure", """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            namespace Shared.Infrastructure
            {
                public static class AuthenticationSetup
                {
                    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
                    {
                        services.AddAuthentication("Bearer").AddJwtBearer();
                        return services;
                    }
                }
            }
            """, jwtBearer);

        var test = new VerifyCS.Test { TestState = { Sources = { DocumentsApi, SharedAuthenticationStartup } } };
        test.SolutionTransforms.Add((solution, project) => solution.AddMetadataReference(project, shared));
        await test.RunAsync();
    }

    [Fact]
    public async Task CookieRegisteredByAHelperInAReferencedProject_IsNotBearerOnly()
    {
        var shared = Compile("Shared.Infrastructure", """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            namespace Shared.Infrastructure
            {
                public static class AuthenticationSetup
                {
                    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
                    {
                        services.AddAuthentication("Cookies").AddCookie();
                        return services;
                    }
                }
            }
            """);

        var test = new VerifyCS.Test
        {
            TestState =
            {
                Sources = { DocumentsApi, SharedAuthenticationStartup },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/documents' (DocumentsController.Upload)", "it binds form data and no antiforgery token is validated") },
            },
        };
        test.SolutionTransforms.Add((solution, project) => solution.AddMetadataReference(project, shared));
        await test.RunAsync();
    }

    [Fact]
    public async Task BearerRegisteredByAnExtensionMethodOfTheApplication_IsBearerOnly()
    {
        var startup = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class AuthenticationSetup
            {
                public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
                {
                    services.AddAuthentication("BearerToken").AddBearerToken();
                    return services;
                }
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder) => builder.Services.AddApiAuthentication();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { DocumentsApi, startup } } }.RunAsync();
    }

    [Fact]
    public async Task AnonymousEndpoints_AreNotReported_ExceptASignInFormUnderCookies()
    {
        var source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class ContactForm { public string Message { get; set; } = ""; }
            public class SignInForm { public string UserName { get; set; } = ""; public string Password { get; set; } = ""; }

            public class ContactController : Controller
            {
                [HttpPost, AllowAnonymous]
                public IActionResult Send(ContactForm form) => View();

                [HttpPost]
                public IActionResult {|#0:Reply|}(ContactForm form) => View();
            }

            [AllowAnonymous]
            public class NewsletterController : Controller
            {
                [HttpPost]
                public IActionResult Subscribe([FromForm] string email) => View();
            }

            public class AccountController : Controller
            {
                [HttpPost, AllowAnonymous]
                public IActionResult {|#1:Login|}(SignInForm form) => View();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.MapPost("/feedback", ([FromForm] string text) => Results.Ok()).DisableAntiforgery().AllowAnonymous();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, CookieStartup },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Contact/Reply' (ContactController.Reply)", "it binds form data and no antiforgery token is validated"),
                    VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST Account/Login' (AccountController.Login)", "it binds form data and no antiforgery token is validated"),
                },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task OAuthTokenEndpoints_AreNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class TokenRequest
            {
                public string GrantType { get; set; } = "";
                public string? Code { get; set; }
            }

            public class ProfileForm { public string Name { get; set; } = ""; }

            public class AuthorizationController : Controller
            {
                [HttpPost("~/connect/token")]
                public IActionResult Exchange() => Request.Form["grant_type"] == "client_credentials" ? Ok() : BadRequest();

                [HttpPost("~/oauth/token")]
                public IActionResult Issue([FromForm] string grant_type, [FromForm] string? refresh_token) => Ok();

                [HttpPost("~/api/exchange")]
                public IActionResult Redeem(TokenRequest request) => Ok();

                [HttpPost("~/profile")]
                public IActionResult {|#0:Profile|}(ProfileForm form) => Ok();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.MapPost("/token", ([FromForm] string username) => Results.Ok()).DisableAntiforgery();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, CookieStartup },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST profile' (AuthorizationController.Profile)", "it binds form data and no antiforgery token is validated") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task SimpleValuesOfAnMvcAction_AreFormData_WhenTheActionDeclaresAStateChangingVerb()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Rename|}(int id, string name) => RedirectToAction("Index");

                [HttpDelete]
                public IActionResult {|#1:Remove|}(int id) => RedirectToAction("Index");

                [HttpPost]
                public IActionResult {|#2:Note|}([FromForm] string text) => RedirectToAction("Index");

                public IActionResult Index(int page) => View();

                [HttpGet]
                public IActionResult Search(string term) => View();
            }

            [ApiController, Route("api/patients")]
            public class PatientsApiController : ControllerBase
            {
                [HttpPost("{id}/archive")]
                public IActionResult Archive(int id) => Ok();
            }
            """;

        await VerifyInApplicationAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Rename' (PatientsController.Rename)", "it binds form data and no antiforgery token is validated"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'DELETE Patients/Remove' (PatientsController.Remove)", "it binds form data and no antiforgery token is validated"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("'POST Patients/Note' (PatientsController.Note)", "it binds form data and no antiforgery token is validated"));
    }

    [Fact]
    public async Task OAuthIntrospectionAndRevocationEndpoints_AreFormPostsByDesign()
    {
        // RFC 7662 and RFC 7009: resource servers post the token as a form field and authenticate
        // with client credentials, not a browser cookie.
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class TokenController : Controller
            {
                [HttpPost("connect/introspect")]
                public IActionResult Introspect([FromForm] string token) => Ok();

                [HttpPost("oauth2/revoke")]
                public IActionResult Revoke([FromForm] string token) => Ok();

                [HttpPost("connect/notes")]
                public IActionResult {|#0:Notes|}([FromForm] string text) => Ok();
            }
            """;

        await VerifyInApplicationAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST connect/notes' (TokenController.Notes)", "it binds form data and no antiforgery token is validated"));
    }

    [Fact]
    public async Task LibraryWithoutAuthentication_IsJudgedOnExplicitFormUseOnly()
    {
        // A FHIR-style API library: non-[ApiController] controllers whose host project adds bearer
        // authentication. Model-bound objects and route or query ids are not evidence of a browser
        // form there; [FromForm] and Request.Form are.
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class DeleteOptions { public bool Hard { get; set; } }

            public class ResourcesController : Controller
            {
                [HttpDelete, Route("{type}/{id}")]
                public IActionResult Delete(string type, string id, DeleteOptions options) => NoContent();

                [HttpPost, Route("{type}/{id}/$notes")]
                public IActionResult {|#0:Note|}(string type, string id, [FromForm] string text) => NoContent();

                [HttpPost, Route("upload")]
                public IActionResult {|#1:Upload|}() => Ok(Request.Form.Files.Count);

                // The Form word in a comment is not a form read.
                [HttpPost, Route("comment")]
                public IActionResult Comment() => Ok(Request.ContentType);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST {type}/{id}/$notes' (ResourcesController.Note)", "it binds form data and no antiforgery token is validated"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST upload' (ResourcesController.Upload)", "it binds form data and no antiforgery token is validated"));
    }

    [Fact]
    public async Task LibraryRegisteringCookieAuthentication_IsJudgedAsAnApplication()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);
            }
            """;

        await new VerifyCS.Test
        {
            TestState = { Sources = { source, CookieStartup } },
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", "it binds form data and no antiforgery token is validated") },
        }.RunAsync();
    }

    [Fact]
    public async Task SimpleValuesOfAnMvcAction_UnderBearerOnly_AreNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult Rename(int id, string name) => RedirectToAction("Index");
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, BearerStartup } } }.RunAsync();
    }

    [Fact]
    public async Task SessionThatSaysWhoTheUserIs_IsCookieAuthentication()
    {
        // Reduced from applications that sign users in by storing their id in the session and
        // look it up on every request instead of using an authentication handler.
        var startup = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddSession();
                    var app = builder.Build();
                    app.UseSession();
                }
            }
            """;
        var source = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/appointments")]
            public class AppointmentsController : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult {|#0:Cancel|}(int id)
                {
                    var userId = HttpContext.Session.GetString("UserId");
                    return userId is null ? Unauthorized() : NoContent();
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, startup },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'DELETE api/appointments/{id}' (AppointmentsController.Cancel)", "the application uses cookie authentication, the endpoint takes no JSON body, and no antiforgery token is validated") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task SessionThatHoldsOnlyAppData_IsNotAuthentication()
    {
        var startup = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder) => builder.Services.AddSession();
            }
            """;
        var source = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/basket")]
            public class BasketController : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult Remove(int id) => HttpContext.Session.GetString("BasketId") is null ? NotFound() : NoContent();
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, startup } } }.RunAsync();
    }

    /// <summary>An assembly of a referenced project, compiled against the ASP.NET Core shared framework.</summary>
    private static MetadataReference Compile(string name, string source, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.For(ReferenceSet.AspNetCore).AddRange(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
