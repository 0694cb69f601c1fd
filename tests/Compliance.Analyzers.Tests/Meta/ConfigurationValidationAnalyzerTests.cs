using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Meta.ConfigurationValidationAnalyzer>;

namespace Compliance.Analyzers.Tests.Meta;

public sealed class ConfigurationValidationAnalyzerTests
{
    [Fact]
    public async Task InvalidValues_AreReportedOnce_WithTheAcceptedValues()
    {
        await new VerifyCS.Test
        {
            TestState = { Sources = { "class A { }", "class B { }" } },
            EditorConfig = "compliance.sessions.minimum_same_site = sometimes\ncompliance.sessions.max_idle_minutes = fifteen",
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithMessage("'compliance.sessions.max_idle_minutes = fifteen' is not valid: expected a whole number of minutes from 1 to 1440; the rule uses its default"),
                VerifyCS.Diagnostic().WithMessage("'compliance.sessions.minimum_same_site = sometimes' is not valid: expected lax, strict; the rule uses its default"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task GlobalOnlyKeys_InAnEditorConfigSection_AreReported()
    {
        await new VerifyCS.Test
        {
            TestState = { Sources = { "class A { }", "class B { }" } },
            EditorConfig = "compliance.dataflow.classification_attributes = Sensitive\ndotnet_diagnostic.CMP2001.max_call_depth = 2\ncompliance.dataflow.identifier_names = PolicyHolder",
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithMessage("'compliance.dataflow.classification_attributes' applies to the whole compilation and is read only from a global configuration (.globalconfig or a build property): the value in an .editorconfig section is ignored; move it to a .globalconfig"),
                VerifyCS.Diagnostic().WithMessage("'dotnet_diagnostic.CMP2001.max_call_depth' applies to the whole compilation and is read only from a global configuration (.globalconfig or a build property): the value in an .editorconfig section is ignored; move it to a .globalconfig"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task GlobalOnlyKeys_InAGlobalConfig_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestState = { Sources = { "class A { }", "class B { }" } },
            GlobalConfig = "compliance.dataflow.classification_attributes = Sensitive\ncompliance.dataflow.max_call_depth = 2",
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
            EditorConfig = "compliance.sessions.minimum_samesite = strict",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithMessage("'compliance.sessions.minimum_samesite' is not a compliance option; see docs/configuration.md for the keys") },
        }.RunAsync();
    }

    [Fact]
    public async Task ValidValuesAndForeignKeys_AreNotReported()
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            EditorConfig = "compliance.sessions.minimum_same_site = Strict\ncompliance.sessions.max_idle_minutes = 10\ncompliance.crypto.checksum_names = etag, digest\ndotnet_diagnostic.CA1000.severity = none\nindent_size = 4",
        }.RunAsync();
    }

    [Fact]
    public async Task NoConfiguration_ReportsNothing()
    {
        await VerifyCS.VerifyAnalyzerAsync("class A { }");
    }

    [Theory]
    [InlineData("compliance.secrets.scan_test_code = yes", "'compliance.secrets.scan_test_code = yes' is not valid: expected true, false; the rule uses its default")]
    [InlineData("compliance.sessions.max_absolute_minutes = 0", "'compliance.sessions.max_absolute_minutes = 0' is not valid: expected a whole number of minutes from 1 to 43200; the rule uses its default")]
    [InlineData("dotnet_diagnostic.CMP4003.minimum_same_site = none", "'dotnet_diagnostic.CMP4003.minimum_same_site = none' is not valid: expected lax, strict; the rule uses its default")]
    public async Task EachOptionShape_IsValidated(string line, string message)
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            EditorConfig = line,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithMessage(message) },
        }.RunAsync();
    }

    [Fact]
    public async Task TheSameBadValueInTwoPlaces_IsReportedOnce()
    {
        await new VerifyCS.Test
        {
            TestCode = "class A { }",
            EditorConfig = "compliance.sessions.max_idle_minutes = x",
            GlobalConfig = "compliance.sessions.max_idle_minutes = x",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithMessage("'compliance.sessions.max_idle_minutes = x' is not valid: expected a whole number of minutes from 1 to 1440; the rule uses its default") },
        }.RunAsync();
    }

    [Fact]
    public async Task InvalidValues_DoNotChangeTheRulesDefaults()
    {
        // The session rule keeps judging against 15 minutes; the bad value is only reported.
        await new Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Sessions.SessionTimeoutAnalyzer>.Test
        {
            TestCode = """
                using System;
                using Microsoft.Extensions.DependencyInjection;

                public static class S
                {
                    public static void C(IServiceCollection s) => s.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromMinutes(20)|});
                }
                """,
            EditorConfig = "compliance.sessions.max_idle_minutes = twenty",
            ExpectedDiagnostics = { Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Sessions.SessionTimeoutAnalyzer>.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 20 minutes is longer than the automatic-logoff policy of 15 minutes") },
        }.RunAsync();
    }
}
