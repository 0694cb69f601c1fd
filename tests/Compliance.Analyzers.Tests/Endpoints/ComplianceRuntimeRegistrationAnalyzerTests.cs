using Compliance.Analyzers.CodeFixes.Endpoints;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.ComplianceRuntimeRegistrationAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.ComplianceRuntimeCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class ComplianceRuntimeRegistrationAnalyzerTests
{
    private const string Controller = """
        using Compliance.Runtime;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("api/patients")]
        public class PatientsController : ControllerBase
        {
            [HttpGet("{id}"), Audited, RateLimited]
            public IActionResult Get(int id) => Ok();

            [HttpGet, RateLimited]
            public IActionResult List() => Ok();

            [HttpGet("ping")]
            public IActionResult Ping() => Ok();
        }
        """;

    private static string Message(string controls, string verb, string endpoints, string missing, string consequence = "the controls do nothing")
        => $"{controls} {verb} used on {endpoints}, but the application never calls {missing}, so {consequence}"
            + Descriptors.ControlsSuffix(Compliance.Analyzers.Descriptors.ControlsWithoutRuntime.CustomTags);

    private static string Program(string services, string pipeline, bool mark = true) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        {{services}}
        var app = {{(mark ? "{|#0:builder.Build()|}" : "builder.Build()")}};
        {{pipeline}}
        app.MapControllers();
        app.Run();
        """;

    private static VerifyCS.Test Test(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { OutputKind = OutputKind.ConsoleApplication };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task ControllerAttributes_WithoutTheRuntime_AreReportedOnceOnBuild()
    {
        await Test(
            new[] { Program("", ""), Controller },
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("[Audited] and [RateLimited]", "are", "2 endpoints", "AddCompliance().AddRateLimiting().AddAuditing() or UseCompliance()", "the controls do nothing")).RunAsync();
    }

    [Fact]
    public async Task MinimalApiConventions_AreReported()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            app.MapGet("/patients/{id}", (int id) => id).Audited().RateLimited();
            app.MapPost("/patients", (PatientInput input) => input).Validated();
            app.Run();

            public record PatientInput(string Name);
            """;

        await Test(
            new[] { program },
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited], [RateLimited] and [Validated]", "are", "2 endpoints", "AddCompliance().AddRateLimiting().AddValidation().AddAuditing() or UseCompliance()"))).RunAsync();
    }

    [Fact]
    public async Task RouteGroupConventions_AreReported_WithWhatMfaNeeds()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            var admin = app.MapGroup("/admin").RequireMfa();
            admin.MapGet("/keys", () => "keys");
            admin.MapDelete("/keys/{id}", (int id) => id);
            app.MapGet("/health", () => "ok");
            app.Run();
            """;

        await Test(
            new[] { program },
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[RequireMfa]", "is", "2 endpoints", "AddCompliance().AddFieldEncryption().AddMfa() or UseCompliance()", "the control does nothing"))).RunAsync();
    }

    [Fact]
    public async Task AFeatureMissingFromAnExistingRegistration_IsNamed()
    {
        var program = Program("builder.Services.AddCompliance().AddAuditing();", "app.UseCompliance();");
        await Test(
            new[] { program, Controller },
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "AddRateLimiting() on AddCompliance()"))).RunAsync();
    }

    [Fact]
    public async Task UseComplianceMissing_IsReportedAlone()
    {
        var program = Program("builder.Services.AddCompliance().AddAuditing().AddRateLimiting();", "app.UseAuthorization();");
        await Test(
            new[] { program, Controller },
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "UseCompliance()"))).RunAsync();
    }

    [Fact]
    public async Task RegistrationOnlyInDevelopment_DoesNotCount()
    {
        var program = Program(
            """
            if (builder.Environment.IsDevelopment())
            {
                builder.Services.AddCompliance().AddAuditing().AddRateLimiting();
            }
            """,
            "app.UseCompliance();").Replace("using Microsoft.Extensions.DependencyInjection;", "using Microsoft.Extensions.DependencyInjection;\nusing Microsoft.Extensions.Hosting;");
        await Test(
            new[] { program, Controller },
            VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "AddCompliance().AddRateLimiting().AddAuditing()"))).RunAsync();
    }

    [Fact]
    public async Task BothCallsWithTheirFeatures_AreNotReported()
    {
        var program = Program("builder.Services.AddCompliance().AddAuditing().AddRateLimiting();", "app.UseCompliance();\napp.UseAuthorization();", mark: false);
        await Test(new[] { program, Controller }).RunAsync();
    }

    [Fact]
    public async Task CallsInsideTheApplicationsOwnExtensionMethods_Count()
    {
        var program = Program("builder.Services.AddClinicCompliance();", "app.UseClinicPipeline();", mark: false);
        var extensions = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class ClinicSetup
            {
                public static IServiceCollection AddClinicCompliance(this IServiceCollection services)
                {
                    services.AddCompliance(o => o.ServiceName = "clinic")
                        .AddAuditing()
                        .AddRateLimiting();
                    return services;
                }

                public static WebApplication UseClinicPipeline(this WebApplication app)
                {
                    app.UseAuthentication();
                    app.UseCompliance();
                    app.UseAuthorization();
                    return app;
                }
            }
            """;

        await Test(new[] { program, extensions, Controller }).RunAsync();
    }

    [Fact]
    public async Task NoControlsUsed_IsNotReported()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => "ok").RequireRateLimiting("fixed");
            app.Run();
            """;

        await Test(new[] { program }).RunAsync();
    }

    [Fact]
    public async Task ALibraryWithoutABuildCall_IsNotReported()
    {
        var endpoints = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            public static class PatientEndpoints
            {
                public static IEndpointRouteBuilder MapPatients(this IEndpointRouteBuilder routes)
                {
                    routes.MapGet("/patients/{id}", (int id) => id).Audited().RateLimited();
                    return routes;
                }
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { endpoints, Controller } } }.RunAsync();
    }

    [Fact]
    public async Task ControlsOnlyInGeneratedCode_AreNotReported()
    {
        var generated = "// <auto-generated/>\n" + Controller;
        var test = Test(new[] { Program("", "", mark: false) });
        test.TestState.Sources.Add(("/0/PatientsController.g.cs", generated));
        await test.RunAsync();
    }

    [Fact]
    public async Task ProgramInGeneratedCode_IsNotReported()
    {
        var test = Test(new[] { Controller });
        test.TestState.Sources.Add(("/0/Program.g.cs", "// <auto-generated/>\n" + Program("", "", mark: false)));
        await test.RunAsync();
    }

    [Fact]
    public async Task FrameworkValidationAndRateLimitingAndLookalikes_AreNotRuntimeControls()
    {
        // .NET's own AddValidation() validates every minimal API, [EnableRateLimiting] runs on
        // UseRateLimiter, and an application's own Audited() convention is not Compliance.Runtime's.
        var program = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddValidation();
            builder.Services.AddRateLimiter(_ => { });
            var app = builder.Build();
            app.UseRateLimiter();
            app.MapPost("/patients", (PatientInput input) => input).RequireRateLimiting("fixed");
            app.MapGet("/audit", () => "ok").Audited("clinic");
            app.Run();

            public record PatientInput(string Name);

            namespace Clinic
            {
                public static class OwnConventions
                {
                    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string scope) => builder;
                }
            }
            """.Replace("using Microsoft.Extensions.DependencyInjection;", "using Microsoft.Extensions.DependencyInjection;\nusing Clinic;");

        await Test(new[] { program }).RunAsync();
    }

    [Fact]
    public async Task AHalfTypedRegistration_IsNotReported()
    {
        var program = Program("builder.Services.AddCompliance(o => o.).AddAuditing().AddRateLimiting();", "app.UseCompliance();", mark: false);
        var test = Test(new[] { program, Controller });
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    [Fact]
    public async Task PragmaAroundTheBuildCall_SuppressesTheDiagnostic()
    {
        var program = Program("", "", mark: false).Replace(
            "var app = builder.Build();",
            "#pragma warning disable CMP3007 // the host registers Compliance.Runtime through its hosting startup\nvar app = builder.Build();\n#pragma warning restore CMP3007");
        await Test(new[] { program, Controller }).RunAsync();
    }

    [Fact]
    public async Task Fix_TopLevelProgram_AddsTheRegistrationAndTheMiddleware()
    {
        // The shape of `dotnet new webapi` after the endpoint fixes added the controls.
        var program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddProblemDetails();

            var app = {|#0:builder.Build()|};

            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }

            app.UseHttpsRedirection();

            app.MapGet("/patients/{id}", (int id) => id)
                .Audited()
                .RateLimited();

            app.Run();
            """;
        var fixedProgram = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddProblemDetails();
            builder.Services.AddCompliance().AddRateLimiting().AddAuditing();

            var app = builder.Build();

            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }

            app.UseHttpsRedirection();
            app.UseCompliance();

            app.MapGet("/patients/{id}", (int id) => id)
                .Audited()
                .RateLimited();

            app.Run();
            """;
        var usings = """
            global using Microsoft.AspNetCore.Builder;
            global using Microsoft.Extensions.DependencyInjection;
            global using Microsoft.Extensions.Hosting;
            """;

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState =
            {
                Sources = { program, usings },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "1 endpoint", "AddCompliance().AddRateLimiting().AddAuditing() or UseCompliance()")) },
            },
            FixedState = { Sources = { fixedProgram, usings } },
            CodeActionEquivalenceKey = ComplianceRuntimeCodeFixProvider.RegisterRuntimeKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_MainMethodProgram_PlacesUseComplianceBetweenAuthenticationAndAuthorization_AndAddsUsings()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {|#0:builder.Build()|};
                    app.UseHttpsRedirection();
                    app.UseAuthentication();
                    app.UseAuthorization();
                    app.MapControllers();
                    app.Run();
                }
            }
            """;
        var fixedProgram = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddCompliance().AddRateLimiting().AddAuditing();
                    var app = builder.Build();
                    app.UseHttpsRedirection();
                    app.UseAuthentication();
                    app.UseCompliance();
                    app.UseAuthorization();
                    app.MapControllers();
                    app.Run();
                }
            }
            """;

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState =
            {
                Sources = { program, Controller },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "AddCompliance().AddRateLimiting().AddAuditing() or UseCompliance()")) },
            },
            FixedState = { Sources = { fixedProgram, Controller } },
            CodeActionEquivalenceKey = ComplianceRuntimeCodeFixProvider.RegisterRuntimeKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_AppendsOnlyTheMissingFeatureToTheExistingRegistration()
    {
        var program = Program("builder.Services.AddCompliance(o => o.ServiceName = \"clinic\").AddAuditing();", "app.UseCompliance();");
        var fixedProgram = Program("builder.Services.AddCompliance(o => o.ServiceName = \"clinic\").AddAuditing().AddRateLimiting();", "app.UseCompliance();", mark: false);

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState =
            {
                Sources = { program, Controller },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "AddRateLimiting() on AddCompliance()")) },
            },
            FixedState = { Sources = { fixedProgram, Controller } },
            CodeActionEquivalenceKey = ComplianceRuntimeCodeFixProvider.RegisterRuntimeKey,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAll_InProjectScope_WritesTheRegistrationOnce()
    {
        var program = Program("", "app.UseAuthorization();");
        var fixedProgram = Program("builder.Services.AddCompliance().AddRateLimiting().AddAuditing();\n", "app.UseCompliance();\napp.UseAuthorization();", mark: false);

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState =
            {
                Sources = { program, Controller },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithMessage(Message("[Audited] and [RateLimited]", "are", "2 endpoints", "AddCompliance().AddRateLimiting().AddAuditing() or UseCompliance()")) },
            },
            FixedState = { Sources = { fixedProgram, Controller } },
            BatchFixedState = { Sources = { fixedProgram, Controller } },
            NumberOfFixAllIterations = 1,
            CodeActionEquivalenceKey = ComplianceRuntimeCodeFixProvider.RegisterRuntimeKey,
        }.RunAsync();
    }
}
