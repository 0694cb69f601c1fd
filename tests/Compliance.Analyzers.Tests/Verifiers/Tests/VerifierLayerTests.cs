using Microsoft.CodeAnalysis;
using VerifyBad = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Tests.Verifiers.Tests.BadClassAnalyzer,
    Compliance.Analyzers.Tests.Verifiers.Tests.RenameBadClassFix>;
using VerifyOption = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Tests.Verifiers.Tests.AdditionalFileAnalyzer>;

namespace Compliance.Analyzers.Tests.Verifiers.Tests;

/// <summary>
/// The thin layer over the Roslyn SDK's test framework: what it adds (reference sets, nullable
/// context, configuration files, CRLF re-runs) reaches the test project, and what every rule test
/// relies on (an analyzer exception fails) holds. The framework's own behaviour is its own tests'.
/// </summary>
public sealed class VerifierLayerTests
{
    private const string UsesAspNetCore = "class C { public Microsoft.AspNetCore.Http.HttpContext? Context { get; set; } }";
    private const string UsesRuntime = "class C { [Compliance.Runtime.Phi] public string? Ssn { get; set; } }";

    [Fact]
    public async Task ReferenceSets_ReferenceWhatTheyName()
    {
        await new VerifyBad.Test { TestCode = UsesAspNetCore, ReferenceSet = ReferenceSet.AspNetCore }.RunAsync();
        await new VerifyBad.Test { TestCode = UsesRuntime }.RunAsync();

        // The framework prints each unexpected compiler error as a DiagnosticResult.CompilerError("CS....") line.
        var noAspNetCore = await Assert.ThrowsAsync<InvalidOperationException>(() => new VerifyBad.Test { TestCode = UsesAspNetCore, ReferenceSet = ReferenceSet.Net }.RunAsync());
        Assert.Contains("CS0234", noAspNetCore.Message, StringComparison.Ordinal);
        Assert.Contains("AspNetCore", noAspNetCore.Message, StringComparison.Ordinal);
        var noRuntime = await Assert.ThrowsAsync<InvalidOperationException>(() => new VerifyBad.Test { TestCode = UsesRuntime, ReferenceSet = ReferenceSet.AspNetCore }.RunAsync());
        Assert.Contains("DiagnosticResult.CompilerError(\"CS0246\").WithSpan(1, 12, 1, 22).WithArguments(\"Compliance\")", noRuntime.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullableAnnotations_AreOn()
    {
        // Without a nullable context, '?' on a reference type is warning CS8632.
        await new VerifyBad.Test { TestCode = "class C { string? Name { get; set; } }", CompilerDiagnostics = CompilerDiagnostics.Warnings }.RunAsync();
    }

    [Fact]
    public async Task AnalyzerException_FailsTheTest()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => new CSharpAnalyzerVerifier<ThrowingAnalyzer>.Test { TestCode = "class C { }" }.RunAsync());
        Assert.Contains("AD0001", failure.Message, StringComparison.Ordinal);
        Assert.Contains("boom", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorConfig_ReachesTheAnalyzer_ForAdditionalFiles()
    {
        await new VerifyOption.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/wwwroot/appsettings.json", "{ \"key\": \"{|#0:secret|}\" }") },
            },
            EditorConfig = "test.option = on",
            ExpectedDiagnostics = { VerifyOption.Diagnostic().WithLocation(0).WithArguments("secret", "on") },
        }.RunAsync();
    }

    [Fact]
    public async Task GlobalConfig_ReachesTheAnalyzer()
    {
        await new VerifyOption.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/appsettings.json", "{ \"key\": \"{|#0:secret|}\" }") },
            },
            GlobalConfig = "test.option = global",
            ExpectedDiagnostics = { VerifyOption.Diagnostic().WithLocation(0).WithArguments("secret", "global") },
        }.RunAsync();
    }

    [Fact]
    public async Task OutputKind_IsTheProjects()
    {
        // Top-level statements compile only in an application.
        await new VerifyBad.Test { TestCode = "System.Console.WriteLine();", OutputKind = OutputKind.ConsoleApplication }.RunAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new VerifyBad.Test { TestCode = "System.Console.WriteLine();" }.RunAsync());
    }

    [Fact]
    public async Task CodeFix_WithConfiguration_KeepsItInTheFixedState()
    {
        await new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }",
            FixedCode = "class GoodOne { }",
            EditorConfig = "indent_size = 4",
            GlobalConfig = "test.option = global",
            CodeActionEquivalenceKey = RenameBadClassFix.RenameKey,
        }.RunAsync();
    }

    [Fact]
    public async Task CrlfMode_ConvertsTheSources_AndRecordsTheVerifiedFix()
    {
        var verified = await LineEndingMode.RunWithCrlfAsync(() => new VerifyBad.Test
        {
            TestCode = "namespace N;\nclass [|BadOne|] { }\n",
            FixedCode = "namespace N;\nclass GoodOne { }\n",
            CodeActionEquivalenceKey = RenameBadClassFix.RenameKey,
        }.RunAsync());

        Assert.Equal([typeof(RenameBadClassFix)], verified);
    }

    [Fact]
    public async Task CrlfMode_FailsAFixThatInsertsABareLineFeed()
    {
        VerifyBad.Test Commented() => new()
        {
            TestCode = "namespace N;\nclass [|BadOne|] { }\n",
            FixedCode = "namespace N;\n// renamed\nclass GoodOne { }\n",
            CodeActionEquivalenceKey = RenameBadClassFix.RenameWithCommentKey,
        };

        await Commented().RunAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => LineEndingMode.RunWithCrlfAsync(() => Commented().RunAsync()));
    }

    [Fact]
    public void CrlfConversion_LeavesCrlfAlone()
    {
        Assert.Equal("a\r\nb\r\nc", LineEndingMode.ToCrlf("a\nb\r\nc"));
    }
}
