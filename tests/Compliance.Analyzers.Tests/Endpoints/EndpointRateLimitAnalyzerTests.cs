using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.EndpointRateLimitAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class EndpointRateLimitAnalyzerTests
{
    private const string NoLimit = "no [RateLimited], [EnableRateLimiting], RequireRateLimiting or global limiter applies";

    /// <summary>An endpoint that limits: the compilation it joins limits some endpoints, so the ones left out are reported one by one.</summary>
    private const string PartialLimiting = """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;

        [EnableRateLimiting("fixed"), Route("limited")]
        public class LimitedController : ControllerBase
        {
            [HttpGet]
            public IActionResult Get() => Ok();
        }
        """;

    private static DiagnosticResult Endpoint() => VerifyCS.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit);

    private static DiagnosticResult Application() => VerifyCS.Diagnostic(Compliance.Analyzers.Descriptors.ApplicationWithoutRateLimit);

    /// <summary>Verifies <paramref name="source"/> beside <see cref="PartialLimiting"/>.</summary>
    private static Task VerifyWithPartialLimitingAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test();
        test.TestState.Sources.Add(source);
        test.TestState.Sources.Add(PartialLimiting);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public async Task ControllerAction_WithoutLimit_InALibraryThatLimitsOthers_IsReportedAtTheAction_WithRouteAndMethod()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult {|#0:Get|}(int id) => Ok();
            }
            """;

        await VerifyWithPartialLimitingAsync(source, Endpoint().WithLocation(0).WithArguments("'GET api/patients/{id}' (PatientsController.Get)", NoLimit));
    }

    [Fact]
    public async Task ClassLevelAndBaseClassAttributes_Count()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [RateLimited(RateLimitTier.Standard)]
            public abstract class LimitedController : ControllerBase { }

            [Route("a")]
            public class AController : LimitedController
            {
                [HttpGet]
                public IActionResult Get() => Ok();
            }

            [EnableRateLimiting("fixed")]
            [Route("b")]
            public class BController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task NonAction_Abstract_Generic_AndNonControllers_AreNotEndpoints()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class BaseController : ControllerBase
            {
                [NonAction]
                public IActionResult Helper() => Ok();
            }

            public class GenericController<T> : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            [NonController]
            public class NotAController : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            public class PlainService
            {
                public void Run() { }
            }

            public class HomeController : BaseController
            {
                [NonAction]
                public void NotAnAction() { }

                private void Private() { }

                public static void Static() { }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task InheritedAction_FromGenericBase_IsReportedOnTheDerivedController()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class CrudController<T> : ControllerBase
            {
                [HttpDelete("{id}")]
                public IActionResult Delete(int id) => NoContent();
            }

            public class Patient { public string Name { get; set; } = ""; }

            [Route("api/patients")]
            public class {|#0:PatientsController|} : CrudController<Patient> { }
            """;

        await VerifyWithPartialLimitingAsync(source, Endpoint().WithLocation(0).WithArguments("'DELETE api/patients/{id}' (PatientsController.Delete)", NoLimit));
    }

    [Fact]
    public async Task GlobalLimiter_WithUseRateLimiter_CoversEveryEndpoint()
    {
        var source = """
            using System.Threading.RateLimiting;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                        c => RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = System.TimeSpan.FromMinutes(1) })));
                    var app = builder.Build();
                    app.UseRateLimiter();
                    app.MapGet("/ping", () => "pong");
                }
            }

            public class HomeController : ControllerBase
            {
                [HttpGet("/")]
                public IActionResult Index() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task GlobalLimiter_WithoutUseRateLimiter_DoesNotCount()
    {
        var source = """
            using System.Threading.RateLimiting;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                        c => RateLimitPartition.GetNoLimiter("all")));
                    var app = builder.Build();
                    app.{|#0:MapGet|}("/ping", () => "pong");
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, Endpoint().WithLocation(0).WithArguments("'GET /ping'", NoLimit));
    }

    [Fact]
    public async Task MinimalApis_ConventionsOnEndpoint_Group_AndMapControllers_Count()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/a", () => "a").RateLimited(RateLimitTier.Standard);
                    app.MapGet("/b", () => "b").RequireRateLimiting("fixed");

                    var api = app.MapGroup("/api").RequireRateLimiting("fixed");
                    api.MapGet("/c", () => "c");
                    var nested = api.MapGroup("/nested");
                    nested.MapPost("/d", () => "d");

                    var later = app.MapGroup("/later");
                    later.MapDelete("/e", () => "e");
                    later.RateLimited();

                    app.MapControllers().RequireRateLimiting("fixed");
                }
            }

            public class HomeController : ControllerBase
            {
                [HttpGet("/")]
                public IActionResult Index() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MinimalApis_MapMethods_MapFallback_AndMap_AreEndpoints()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapMethods|}("/m", new[] { "PUT", "PATCH" }, () => "m");
                    app.{|#1:MapFallback|}(() => "fallback");
                    app.{|#2:Map|}("/any", (HttpContext context) => "any");
                    app.{|#3:MapPost|}("/handler", Handle);
                }

                private static string Handle() => "h";
            }
            """;

        await VerifyWithPartialLimitingAsync(
            source,
            Endpoint().WithLocation(0).WithArguments("'PUT|PATCH /m'", NoLimit),
            Endpoint().WithLocation(1).WithArguments("'ANY /{*path:nonfile}'", NoLimit),
            Endpoint().WithLocation(2).WithArguments("'ANY /any'", NoLimit),
            Endpoint().WithLocation(3).WithArguments("'POST /handler' (Handle)", NoLimit));
    }

    [Fact]
    public async Task GroupPassedToHelper_IsResolvedAtTheCallSite()
    {
        var helper = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            public static class PatientEndpoints
            {
                public static void MapPatients(this IEndpointRouteBuilder routes)
                {
                    routes.{|#0:MapGet|}("/patients", () => "all");
                }

                public static RouteGroupBuilder MapLimited(this IEndpointRouteBuilder routes)
                {
                    var group = routes.MapGroup("/limited");
                    group.MapGet("/x", () => "x");
                    return group;
                }
            }
            """;
        var program = """
            using Microsoft.AspNetCore.Builder;

            public static class Program
            {
                public static void Configure(WebApplication app)
                {
                    var api = app.MapGroup("/api");
                    api.MapPatients();
                    app.MapLimited().RequireRateLimiting("fixed");
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { helper, program },
                ExpectedDiagnostics = { Endpoint().WithLocation(0).WithArguments("'GET /api/patients'", NoLimit) },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task RazorPagesHandlers_AreReported_AndClassAttributesCount()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages.Patients
            {
                public class EditModel : PageModel
                {
                    public void {|#0:OnGet|}() { }

                    public IActionResult {|#1:OnPostAsync|}() => Page();

                    public void Helper() { }
                }

                [RateLimited]
                public class IndexModel : PageModel
                {
                    public void OnGet() { }
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            Endpoint().WithLocation(0).WithArguments("'GET /Patients/Edit' (EditModel.OnGet)", NoLimit),
            Endpoint().WithLocation(1).WithArguments("'POST /Patients/Edit' (EditModel.OnPostAsync)", NoLimit));
    }

    [Fact]
    public async Task DisableRateLimiting_IsRespected_ExceptOnAuthenticationEndpoints()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [Route("account")]
            [EnableRateLimiting("fixed")]
            public class AccountController : ControllerBase
            {
                [HttpGet("health")]
                [DisableRateLimiting]
                public IActionResult Health() => Ok();

                [HttpPost("login")]
                [DisableRateLimiting]
                public IActionResult {|#0:Login|}() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, Endpoint().WithLocation(0).WithArguments("'POST account/login' (AccountController.Login)", "[DisableRateLimiting] turns rate limiting off on an endpoint that authenticates callers"));
    }

    [Fact]
    public async Task AuthenticationEndpointWithoutLimit_IsLeftToCmp3003()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapPost("/connect/token", () => "t");
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ConfiguredEquivalentFilter_Counts()
    {
        var source = """
            using System;
            using Microsoft.AspNetCore.Mvc;

            public sealed class ThrottleAttribute : Attribute { }

            [Throttle]
            public class HomeController : ControllerBase
            {
                [HttpGet("/")]
                public IActionResult Index() => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.endpoints.rate_limit_equivalents = Throttle",
        }.RunAsync();
    }

}
