using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>Which compiler diagnostics take part in the comparison.</summary>
public enum CompilerDiagnostics
{
    /// <summary>Compiler diagnostics are ignored (broken-code tests).</summary>
    None,

    /// <summary>Compiler errors are compared like analyzer diagnostics (the default): a source that does not compile fails.</summary>
    Errors,

    /// <summary>Compiler errors and warnings are compared.</summary>
    Warnings,
}

/// <summary>Extra checks the verifier runs after the main comparison.</summary>
[Flags]
public enum TestBehaviors
{
    None = 0,

    /// <summary>Do not re-run with <c>#pragma warning disable</c> for every supported id.</summary>
    SkipSuppressionCheck = 1,

    /// <summary>Do not re-run with an <c>// &lt;auto-generated/&gt;</c> header on every source.</summary>
    SkipGeneratedCodeCheck = 2,
}

/// <summary>Named files of one kind; a bare string gets the next default name.</summary>
public sealed class SourceFileCollection(string prefix, string extension) : List<(string Path, string Text)>
{
    public void Add(string text) => Add(($"/0/{prefix}{Count}.{extension}", text));
}

/// <summary>The documents and expectations of one state of the test project (before or after a fix).</summary>
public sealed class SolutionState
{
    public SourceFileCollection Sources { get; } = new("Test", "cs");

    public SourceFileCollection AdditionalFiles { get; } = new("Additional", "txt");

    public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();

    /// <summary>The output kind; a library unless set (top-level statements need an application).</summary>
    public OutputKind? OutputKind { get; set; }
}
