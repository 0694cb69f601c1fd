using Compliance.Analyzers.Tests.Endpoints;
using EndpointInventory = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Inventory.EndpointInventoryAnalyzer>;
using MemberInventory = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Inventory.ComplianceInventoryAnalyzer>;

namespace Compliance.Analyzers.Tests.Inventory;

/// <summary>The inventory facts of the compliance report: only with ComplianceReport=true, from the shared models.</summary>
public sealed class InventoryAnalyzerTests
{
    private const string ReportOn = "build_property.ComplianceReport = true";

    private const string Controller = """
        using Compliance.Runtime;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("api/patients"), Authorize]
        public class PatientsController : ControllerBase
        {
            [HttpGet("{id}"), Audited, RateLimited(RateLimitTier.Standard)]
            public ActionResult<Patient> {|#0:Get|}(int id) => new Patient();

            [HttpPost, AllowAnonymous]
            public IActionResult {|#1:Create|}(Patient patient) => Ok();
        }
        """;

    [Fact]
    public async Task Endpoints_AreReportedWithTheControlsTheModelResolves_WhenTheReportIsOn()
    {
        await new EndpointInventory.Test
        {
            TestState = { Sources = { Controller, PhiEndpointAuditAnalyzerTests.Models } },
            GlobalConfig = ReportOn,
            TestBehaviors = TestBehaviors.SkipSuppressionCheck,
            ExpectedDiagnostics =
            {
                EndpointInventory.Diagnostic().WithLocation(0).WithArguments("'GET api/patients/{id}' (PatientsController.Get)", "authorized", "audited", "tier:Standard", "none", "default", "none"),
                EndpointInventory.Diagnostic().WithLocation(1).WithArguments("'POST api/patients' (PatientsController.Create)", "anonymous", "none", "none", "none", "default", "none"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task Nothing_IsReported_WithoutTheReportSwitch()
    {
        await new EndpointInventory.Test { TestState = { Sources = { Controller, PhiEndpointAuditAnalyzerTests.Models } } }.RunAsync();
        await new MemberInventory.Test { TestState = { Sources = { PhiEndpointAuditAnalyzerTests.Models, "#pragma warning disable CMP1003\nclass A { }" } } }.RunAsync();
    }

    [Fact]
    public async Task ClassifiedMembers_AndSuppressions_AreReported_WhenTheReportIsOn()
    {
        const string Source = """
            using System.Diagnostics.CodeAnalysis;
            using Compliance.Runtime;

            public class Insurance
            {
                [Pii] public string {|#0:MemberName|} { get; set; } = "";
            }

            public static class Secrets
            {
            {|#1:#pragma warning disable CMP1003 // Test fixture only, never deployed.|}
                public const string Value = "x";
            #pragma warning restore CMP1003

                [{|#2:SuppressMessage("Compliance.Secrets", "CMP1003")|}]
                public static string Other() => "y";
            }
            """;

        await new MemberInventory.Test
        {
            TestState = { Sources = { Source, PhiEndpointAuditAnalyzerTests.Models } },
            GlobalConfig = ReportOn,

            // Inventory facts are not configurable, so #pragma cannot hide them (that is the point).
            TestBehaviors = TestBehaviors.SkipSuppressionCheck,
            CompilerDiagnostics = CompilerDiagnostics.None,
            ExpectedDiagnostics =
            {
                MemberInventory.Diagnostic("CMP9101").WithLocation(0).WithArguments("Insurance", "MemberName", "[Pii]", "not encrypted, not persisted by EF Core"),
                MemberInventory.Diagnostic("CMP9102").WithLocation(1).WithArguments("#pragma warning disable", "CMP1003", "Test fixture only, never deployed."),
                MemberInventory.Diagnostic("CMP9102").WithLocation(2).WithArguments("[SuppressMessage]", "CMP1003", "no justification"),
                MemberInventory.Diagnostic("CMP9101").WithSpan("/0/Test1.cs", 9, 19, 9, 22).WithArguments("Patient", "Ssn", "[Phi]", "not encrypted, not persisted by EF Core"),
            },
        }.RunAsync();
    }
}
