using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Configuration.ConfigurationValidationAnalyzer>;

namespace Compliance.Analyzers.Tests.Configuration;

public sealed class ConfigurationValidationAnalyzerTests
{
    [Fact]
    public async Task InvalidValues_AreReportedOnce_WithTheAcceptedValues()
    {
        await new VerifyCS.Test
        {
            TestState = { Sources = { "class A { }", "class B { }" } },
            EditorConfig = "compliance.cookies.minimum_same_site = sometimes\ncompliance.sessions.max_idle_minutes = fifteen",
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithMessage("'compliance.cookies.minimum_same_site = sometimes' is not valid: expected lax, strict; the rule uses its default"),
                VerifyCS.Diagnostic().WithMessage("'compliance.sessions.max_idle_minutes = fifteen' is not valid: expected a whole number of minutes from 1 to 1440; the rule uses its default"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task PerRuleKeys_AndGlobalConfig_AreValidatedToo()
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            GlobalConfig = "dotnet_diagnostic.CMP4005.max_idle_minutes = -5\ncompliance.secrets.entropy_threshold = 12",
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithMessage("'compliance.secrets.entropy_threshold = 12' is not valid: expected a number from 1.0 to 8.0; the rule uses its default"),
                VerifyCS.Diagnostic().WithMessage("'dotnet_diagnostic.CMP4005.max_idle_minutes = -5' is not valid: expected a whole number of minutes from 1 to 1440; the rule uses its default"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task UnknownComplianceKeys_AreReportedAsTypos()
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            EditorConfig = "compliance.cookies.minimum_samesite = strict",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithMessage("'compliance.cookies.minimum_samesite' is not a compliance option; see docs/configuration.md for the keys") },
        }.RunAsync();
    }

    [Fact]
    public async Task ValidValuesAndForeignKeys_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            EditorConfig = "compliance.cookies.minimum_same_site = Strict\ncompliance.sessions.max_idle_minutes = 10\ncompliance.crypto.checksum_names = etag, digest\ndotnet_diagnostic.CA1000.severity = none\nindent_size = 4",
        }.RunAsync();
    }

    [Fact]
    public async Task NoConfiguration_ReportsNothing()
    {
        await VerifyCS.VerifyAnalyzerAsync("class A { }");
    }
}
