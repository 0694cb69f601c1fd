using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Meta.SuppressionJustificationAnalyzer>;

namespace Compliance.Analyzers.Tests.Meta;

public sealed class SuppressionJustificationAnalyzerTests
{
    private static VerifyCS.Test Test(string source, params DiagnosticResult[] expected)
    {
        // The verifier's own suppression re-run would add an unjustified pragma; this rule is about exactly that.
        var test = new VerifyCS.Test { TestCode = source, TestBehaviors = TestBehaviors.SkipSuppressionCheck };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task PragmaWithoutComment_IsReported()
    {
        await Test(
            """
            class A
            {
            {|#0:#pragma warning disable CMP4001, CA1822|}
                void M() { }
            #pragma warning restore CMP4001, CA1822
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithMessage("'#pragma warning disable CMP4001' has no justification; add a comment on the same line that says why (SOC 2 CC8.1)")).RunAsync();
    }

    [Fact]
    public async Task PragmaWithComment_AndOtherIds_AreNotReported()
    {
        await Test("""
            class A
            {
            #pragma warning disable CMP4001 // The front end reads this theme cookie.
            #pragma warning disable CA1822
                void M() { }
            #pragma warning restore CMP4001
            }
            """).RunAsync();
    }

    [Fact]
    public async Task SuppressMessageWithoutJustification_IsReported()
    {
        await Test(
            """
            using System.Diagnostics.CodeAnalysis;

            public class A
            {
                [{|#0:SuppressMessage("Compliance.Sessions", "CMP4002:Cookie without Secure")|}]
                public void M() { }

                [{|#1:SuppressMessage("Compliance.Sessions", "CMP4003", Justification = "<Pending>")|}]
                public void N() { }

                [SuppressMessage("Compliance.Sessions", "CMP4001", Justification = "Theme preference only.")]
                [SuppressMessage("Design", "CA1000")]
                public void O() { }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithMessage("[SuppressMessage] for CMP4002 has no Justification; say why the control does not apply (SOC 2 CC8.1)"),
            VerifyCS.Diagnostic().WithLocation(1).WithMessage("[SuppressMessage] for CMP4003 has no Justification; say why the control does not apply (SOC 2 CC8.1)")).RunAsync();
    }

    [Fact]
    public async Task SuppressMessageInsideBodies_LongName_AndGeneratedCode()
    {
        // The rule visits attributes file by file (files that name SuppressMessage): attributes on
        // local functions and lambdas inside bodies and the long attribute name are still found,
        // and declarations marked [GeneratedCode] are still skipped, as the analyzer driver did.
        await Test(
            """
            using System;
            using System.CodeDom.Compiler;

            public class A
            {
                public void M()
                {
                    [{|#0:System.Diagnostics.CodeAnalysis.SuppressMessageAttribute("Compliance.Sessions", "CMP4002")|}]
                    void Local() { }

                    Action lambda = [{|#1:System.Diagnostics.CodeAnalysis.SuppressMessage("Compliance.Logging", "CMP2001")|}] () => { };
                    Local();
                    lambda();
                }
            }

            [GeneratedCode("tool", "1.0")]
            public class Generated
            {
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Compliance.Sessions", "CMP4002")]
                public void M() { }

                public class Nested
                {
                    [System.Diagnostics.CodeAnalysis.SuppressMessage("Compliance.Sessions", "CMP4002")]
                    public int P { get; set; }
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithMessage("[SuppressMessage] for CMP4002 has no Justification; say why the control does not apply (SOC 2 CC8.1)"),
            VerifyCS.Diagnostic().WithLocation(1).WithMessage("[SuppressMessage] for CMP2001 has no Justification; say why the control does not apply (SOC 2 CC8.1)")).RunAsync();
    }

    [Fact]
    public async Task SeverityNoneWithoutJustificationKey_IsReported()
    {
        var test = Test(
            "class A { }",
            VerifyCS.Diagnostic().WithMessage("CMP1002 is turned off in a global configuration file without a justification; add 'dotnet_diagnostic.CMP1002.justification = <why>' next to its severity (SOC 2 CC8.1)"));
        test.GlobalConfig = "dotnet_diagnostic.CMP1002.severity = none";
        await test.RunAsync();
    }

    [Fact]
    public async Task SeverityNoneWithJustificationKey_IsNotReported()
    {
        var global = Test("class A { }");
        global.GlobalConfig = "dotnet_diagnostic.CMP1002.severity = none\ndotnet_diagnostic.CMP1002.justification = Local docker-compose secrets only (SEC-81)";
        await global.RunAsync();

        var editorConfig = Test("class A { }");
        editorConfig.EditorConfig = "dotnet_diagnostic.CMP4001.severity = none\ndotnet_diagnostic.CMP4001.justification = Theme cookie read by the front end";
        await editorConfig.RunAsync();
    }

    [Fact]
    public async Task EditorConfigSuppression_IsReported()
    {
        var test = Test(
            "class A { }",
            VerifyCS.Diagnostic().WithMessage("CMP4001 is turned off in an .editorconfig without a justification; add 'dotnet_diagnostic.CMP4001.justification = <why>' next to its severity (SOC 2 CC8.1)"));
        test.EditorConfig = "dotnet_diagnostic.CMP4001.severity = none";
        await test.RunAsync();
    }

    [Fact]
    public async Task LoweredButNotDisabledSeverity_IsNotASuppression()
    {
        var test = Test("class A { }");
        test.GlobalConfig = "dotnet_diagnostic.CMP1001.severity = warning\ndotnet_diagnostic.CMP4001.severity = suggestion";
        await test.RunAsync();
    }

    [Fact]
    public async Task BrokenDirectives_DoNotCrash()
    {
        var test = Test("#pragma warning disable\nclass A { }\n#pragma warning disable CMP");
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    [Fact]
    public async Task JustifiedDisable_AndRestoreWithoutComment_AreFine()
    {
        await Test("""
            class A
            {
            #pragma warning disable CMP4002 // Loopback health probe only.
                void M() { }
            #pragma warning restore CMP4002
            }
            """).RunAsync();
    }

    [Fact]
    public async Task SuppressMessageUsingTheFullName_IsChecked()
    {
        await Test(
            """
            public class A
            {
                [{|#0:System.Diagnostics.CodeAnalysis.SuppressMessageAttribute("Compliance.Secrets", "CMP1003", Justification = " ")|}]
                public void M() { }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithMessage("[SuppressMessage] for CMP1003 has no Justification; say why the control does not apply (SOC 2 CC8.1)")).RunAsync();
    }
}
