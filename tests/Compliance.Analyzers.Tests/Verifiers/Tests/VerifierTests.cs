using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VerifyBad = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Tests.Verifiers.Tests.BadClassAnalyzer,
    Compliance.Analyzers.Tests.Verifiers.Tests.RenameBadClassFix>;

namespace Compliance.Analyzers.Tests.Verifiers.Tests;

/// <summary>The verifier is test infrastructure every rule relies on, so it is tested too.</summary>
public sealed class VerifierTests
{
    [Fact]
    public void Markup_ParsesNestedSpansAndPlaceholders()
    {
        var (text, spans) = MarkupParser.Parse("a [|b {|#0:c|} d|] {|CMP0001:e|}");

        Assert.Equal("a b c d e", text);
        Assert.Collection(
            spans,
            s => Assert.Equal((null, new TextSpan(2, 5)), (s.Id, s.Span)),
            s => Assert.Equal(("#0", new TextSpan(4, 1), true, 0), (s.Id, s.Span, s.IsPlaceholder, s.PlaceholderKey)),
            s => Assert.Equal(("CMP0001", new TextSpan(8, 1)), (s.Id, s.Span)));
    }

    [Theory]
    [InlineData("a [|b", "never closed")]
    [InlineData("a {|CMP0001:b", "never closed")]
    [InlineData("a [|b|} c|]", "Mismatched markup")]
    public void Markup_Unbalanced_Throws(string markup, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => MarkupParser.Parse(markup));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_BracesThatAreNotMarkup_AreKept()
    {
        Assert.Equal("var x = new[] { 1 } | 2;", MarkupParser.Parse("var x = new[] { 1 } | 2;").Text);
    }

    [Fact]
    public async Task MatchingDiagnostics_Pass_WithMarkupAndExplicitResults()
    {
        await VerifyBad.VerifyAnalyzerAsync("class [|Bad|] { }");
        await VerifyBad.VerifyAnalyzerAsync("class {|#0:BadOne|} { }", VerifyBad.Diagnostic().WithLocation(0).WithArguments("BadOne"));
        await VerifyBad.VerifyAnalyzerAsync("class BadTwo { }", VerifyBad.Diagnostic().WithSpan(1, 7, 1, 13).WithMessage("Class 'BadTwo' is bad"));
    }

    [Fact]
    public async Task MissingDiagnostic_FailsWithCountAndPasteReadyCode()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class BadOne { }"));

        Assert.StartsWith("Mismatch between number of diagnostics returned, expected \"0\" actual \"1\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("// /0/Test0.cs(1,7): warning TST0001: Class 'BadOne' is bad", failure.Message, StringComparison.Ordinal);
        Assert.Contains("VerifyCS.Diagnostic(\"TST0001\").WithSpan(\"/0/Test0.cs\", 1, 7, 1, 13).WithArguments(\"BadOne\"),", failure.Message, StringComparison.Ordinal);
        Assert.Contains("class BadOne { }\r\n          ^^^^^^", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongLocationOrMessage_FailsWithSdkWording()
    {
        var line = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("\nclass BadOne { }", VerifyBad.Diagnostic().WithSpan(1, 7, 1, 13)));
        Assert.StartsWith("Expected diagnostic to start on line \"1\" was actually on line \"2\"", line.Message, StringComparison.Ordinal);
        Assert.Contains("Expected diagnostic:", line.Message, StringComparison.Ordinal);
        Assert.Contains("Actual diagnostic:", line.Message, StringComparison.Ordinal);

        var column = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class BadOne { }", VerifyBad.Diagnostic().WithSpan(1, 8, 1, 13)));
        Assert.StartsWith("Expected diagnostic to start at column \"8\" was actually at column \"7\"", column.Message, StringComparison.Ordinal);

        var message = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class BadOne { }", VerifyBad.Diagnostic().WithSpan(1, 7, 1, 13).WithArguments("Other")));
        Assert.StartsWith("Expected diagnostic message to be \"Class 'Other' is bad\" was \"Class 'BadOne' is bad\"", message.Message, StringComparison.Ordinal);

        var id = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class BadOne { }", VerifyBad.Diagnostic("TST9999").WithSpan(1, 7, 1, 13)));
        Assert.StartsWith("Expected diagnostic id to be \"TST9999\" was \"TST0001\"", id.Message, StringComparison.Ordinal);

        var severity = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class BadOne { }", VerifyBad.Diagnostic().WithSpan(1, 7, 1, 13).WithSeverity(DiagnosticSeverity.Error)));
        Assert.StartsWith("Expected diagnostic severity to be \"Error\" was \"Warning\"", severity.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompilerErrors_FailUnlessIgnored()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyAnalyzerAsync("class Fine { void M() { undefined(); } }"));
        Assert.Contains("error CS0103", failure.Message, StringComparison.Ordinal);

        await new VerifyBad.Test { TestCode = "class Fine { void M() { undefined(); } }", CompilerDiagnostics = CompilerDiagnostics.None }.RunAsync();
    }

    [Fact]
    public async Task AnalyzerException_FailsTheTest()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => new CSharpAnalyzerVerifier<ThrowingAnalyzer>.Test { TestCode = "class C { }" }.RunAsync());
        Assert.Contains("AD0001", failure.Message, StringComparison.Ordinal);
        Assert.Contains("boom", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdditionalFileDiagnostics_AndEditorConfig_AreVerified()
    {
        await new CSharpAnalyzerVerifier<AdditionalFileAnalyzer>.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/wwwroot/appsettings.json", "{ \"key\": \"{|#0:secret|}\" }") },
            },
            EditorConfig = "test.option = on",
            ExpectedDiagnostics = { CSharpAnalyzerVerifier<AdditionalFileAnalyzer>.Diagnostic().WithLocation(0).WithArguments("secret", "on") },
        }.RunAsync();
    }

    [Fact]
    public async Task SuppressionAndGeneratedCodeChecks_CatchAnalyzersThatIgnoreThem()
    {
        // BadClassAnalyzer honours both, so the default checks pass; the checks themselves are
        // exercised by every rule test. Here: a diagnostic suppressed in the source is not "actual".
        await VerifyBad.VerifyAnalyzerAsync("#pragma warning disable TST0001 // test\nclass BadOne { }");
    }

    [Fact]
    public async Task CodeFix_IsAppliedIteratively_AndFixAllMatches()
    {
        await new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }\nclass [|BadTwo|] { }",
            FixedCode = "class GoodOne { }\nclass GoodTwo { }",
            CodeActionEquivalenceKey = RenameBadClassFix.RenameKey,
        }.RunAsync();
    }

    [Fact]
    public async Task CodeFix_IterationLimits_AreEnforced()
    {
        var tooFew = await Assert.ThrowsAsync<VerifierException>(() => new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }\nclass [|BadTwo|] { }",
            FixedCode = "class GoodOne { }\nclass GoodTwo { }",
            NumberOfIncrementalIterations = 1,
        }.RunAsync());
        Assert.Contains("Expected '1' iterations but found more", tooFew.Message, StringComparison.Ordinal);

        var tooMany = await Assert.ThrowsAsync<VerifierException>(() => new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }",
            FixedCode = "class GoodOne { }",
            NumberOfIncrementalIterations = 3,
        }.RunAsync());
        Assert.Contains("Expected '3' iterations but found '1' iterations.", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFix_ThatChangesNothing_Fails()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }",
            FixedCode = "class GoodOne { }",
            CodeActionEquivalenceKey = RenameBadClassFix.NothingKey,
        }.RunAsync());
        Assert.Contains("did not change any document", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFix_WrongFixedCode_FailsWithLineDiff()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => VerifyBad.VerifyCodeFixAsync("class [|BadOne|] { }", "class BetterOne { }"));
        Assert.Contains("- class BetterOne { }", failure.Message, StringComparison.Ordinal);
        Assert.Contains("+ class GoodOne { }", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_MarksOnlyChangedLines()
    {
        var diff = CodeFixTest<BadClassAnalyzer, RenameBadClassFix>.Diff("a\nb\nc", "a\nx\nc");
        Assert.Equal("  a\n- b\n+ x\n  c\n", diff);
    }

    [Fact]
    public async Task GlobalConfig_ReachesTheAnalyzer()
    {
        await new CSharpAnalyzerVerifier<AdditionalFileAnalyzer>.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/appsettings.json", "{ \"key\": \"[|secret|]\" }") },
            },
            GlobalConfig = "test.option = global",
        }.RunAsync();

        var failure = await Assert.ThrowsAsync<VerifierException>(() => new CSharpAnalyzerVerifier<AdditionalFileAnalyzer>.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/appsettings.json", "{ \"key\": \"{|#0:secret|}\" }") },
            },
            GlobalConfig = "test.option = global",
            ExpectedDiagnostics = { CSharpAnalyzerVerifier<AdditionalFileAnalyzer>.Diagnostic().WithLocation(0).WithArguments("secret", "unset") },
        }.RunAsync());
        Assert.StartsWith("Expected diagnostic message to be \"Found 'secret' with option 'unset'\" was \"Found 'secret' with option 'global'\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdditionalLocations_AreCompared()
    {
        await VerifyGenAsync(Gen().WithLocation(0).WithLocation(1));
        await VerifyGenAsync(Gen().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        var missing = await Assert.ThrowsAsync<VerifierException>(() => VerifyGenAsync(Gen().WithLocation(0)));
        Assert.StartsWith("Expected 0 additional locations but got 1 for Diagnostic:", missing.Message, StringComparison.Ordinal);

        var wrong = await Assert.ThrowsAsync<VerifierException>(() => VerifyGenAsync(Gen().WithLocation(0).WithLocation(0)));
        Assert.StartsWith("Expected diagnostic additional location 1 to start at column \"7\" was actually at column \"20\"", wrong.Message, StringComparison.Ordinal);
        Assert.Contains(".WithSpan(\"/0/Test0.cs\", 1, 7, 1, 13).WithSpan(\"/0/Test0.cs\", 1, 20, 1, 25)", wrong.Message, StringComparison.Ordinal);

        static DiagnosticResult Gen() => CSharpAnalyzerVerifier<GeneratedCodeAnalyzer>.Diagnostic().WithArguments("GenOne");

        static Task VerifyGenAsync(DiagnosticResult expected) => new CSharpAnalyzerVerifier<GeneratedCodeAnalyzer>.Test
        {
            TestCode = "class {|#0:GenOne|} { int {|#1:field|}; }",
            ExpectedDiagnostics = { expected },
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task GeneratedCodeCheck_FailsForAnAnalyzerThatReportsInGeneratedCode_UnlessSkipped()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => CSharpAnalyzerVerifier<GeneratedCodeAnalyzer>.VerifyAnalyzerAsync("class [|GenOne|] { }"));
        Assert.StartsWith("Expected no diagnostics in generated code", failure.Message, StringComparison.Ordinal);

        await new CSharpAnalyzerVerifier<GeneratedCodeAnalyzer>.Test
        {
            TestCode = "class [|GenOne|] { }",
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task SuppressionCheck_RunsAndCanBeSkipped()
    {
        // The compiler applies '#pragma warning disable' itself, so an analyzer cannot defeat the check;
        // what is verified is that both settings run and agree for a well-behaved analyzer.
        await new VerifyBad.Test { TestCode = "class [|BadOne|] { }" }.RunAsync();
        await new VerifyBad.Test { TestCode = "class [|BadOne|] { }", TestBehaviors = TestBehaviors.SkipSuppressionCheck | TestBehaviors.SkipGeneratedCodeCheck }.RunAsync();
    }

    [Fact]
    public async Task FixAll_InDocumentAndProjectScope_CoversSeveralDocuments()
    {
        await new VerifyBad.Test
        {
            TestState = { Sources = { "class [|BadOne|] { }\nclass [|BadTwo|] { }", ("/0/Other.cs", "class [|BadThree|] { }") } },
            FixedState = { Sources = { "class GoodOne { }\nclass GoodTwo { }", ("/0/Other.cs", "class GoodThree { }") } },
            CodeActionEquivalenceKey = RenameBadClassFix.RenameKey,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAll_TooFewIterations_Fails()
    {
        var failure = await Assert.ThrowsAsync<VerifierException>(() => new VerifyBad.Test
        {
            TestCode = "class [|BadOne|] { }",
            FixedCode = "class GoodOne { }",
            CodeActionEquivalenceKey = RenameBadClassFix.RenameKey,
            NumberOfFixAllIterations = 2,
        }.RunAsync());
        Assert.Contains("Expected '2' Fix All iterations in Document scope but found '1'.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FixedState_InheritsAdditionalFiles()
    {
        await new CSharpCodeFixVerifier<AdditionalFileAnalyzer, RenameBadClassFix>.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AdditionalFiles = { ("/0/appsettings.json", "{ \"key\": \"{|TST0002:secret|}\" }") },
            },
            FixedState = { Sources = { "class C { }" } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }
}
