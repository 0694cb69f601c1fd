using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// An analyzer test that also applies a code fix: one diagnostic at a time until none is left
/// (compared with <see cref="FixedState"/>), then with Fix All in document and project scope
/// (compared with <see cref="BatchFixedState"/>), in the manner of Microsoft.CodeAnalysis.Testing.
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix> : AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private readonly TCodeFix codeFix = new();

    public SolutionState FixedState { get; } = new();

    public SolutionState BatchFixedState { get; } = new();

    /// <summary>The single source after the fixes (markup allowed for diagnostics that remain).</summary>
    public string FixedCode
    {
        set => FixedState.Sources.Add(value);
    }

    /// <summary>The single source after Fix All; defaults to <see cref="FixedCode"/>.</summary>
    public string BatchFixedCode
    {
        set => BatchFixedState.Sources.Add(value);
    }

    /// <summary>Select the code action by equivalence key (otherwise by <see cref="CodeActionIndex"/>).</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    public int? CodeActionIndex { get; set; }

    /// <summary>Exactly this many one-at-a-time fixes; unset means at most one per fixable diagnostic.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    /// <summary>Exactly this many Fix All applications per scope; unset means at most one.</summary>
    public int? NumberOfFixAllIterations { get; set; }

    /// <summary>
    /// Compare the fixed sources including their line endings. Off by default: raw string literals
    /// in the tests take the checkout's line endings, so "\r\n" and "\n" count as the same.
    /// </summary>
    public bool ExactLineEndings { get; set; }

    public override async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (LineEndingMode.IsCrlf)
        {
            ExactLineEndings = true;
            foreach (var sources in new[] { TestState.Sources, FixedState.Sources, BatchFixedState.Sources })
            {
                for (var i = 0; i < sources.Count; i++)
                {
                    sources[i] = (sources[i].Path, LineEndingMode.ToCrlf(sources[i].Text));
                }
            }
        }

        await RunCoreAsync(cancellationToken);
        if (FixedState.Sources.Count > 0)
        {
            LineEndingMode.RecordVerified(typeof(TCodeFix));
        }
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        await base.RunAsync(cancellationToken);
        if (FixedState.Sources.Count == 0)
        {
            return;
        }

        var (original, _) = await CreateProjectAsync(TestState, cancellationToken);
        var fixedProject = await ApplyIncrementallyAsync(original, cancellationToken);
        await VerifyStateAsync(fixedProject, FixedState, "after applying the code fix one diagnostic at a time", cancellationToken);

        if (codeFix.GetFixAllProvider() is null)
        {
            return;
        }

        var batchState = BatchFixedState.Sources.Count > 0 ? BatchFixedState : FixedState;
        foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project })
        {
            var batchProject = await ApplyFixAllAsync(original, scope, cancellationToken);
            await VerifyStateAsync(batchProject, batchState, $"after Fix All in {scope} scope", cancellationToken);
        }
    }

    private async Task<Project> ApplyIncrementallyAsync(Project project, CancellationToken cancellationToken)
    {
        var initial = await FixableDiagnosticsAsync(project, cancellationToken);
        var limit = NumberOfIncrementalIterations ?? Math.Max(1, initial.Length);
        var iterations = 0;
        while (true)
        {
            var diagnostics = await FixableDiagnosticsAsync(project, cancellationToken);
            var (document, action) = await FirstActionAsync(project, diagnostics, cancellationToken);
            if (document is null || action is null)
            {
                break;
            }

            if (++iterations > limit)
            {
                throw new VerifierException(NumberOfIncrementalIterations is null
                    ? $"The upper limit for the number of code fix iterations was exceeded: more than {limit} fixes were applied. Set NumberOfIncrementalIterations if more are expected."
                    : $"Expected '{limit}' iterations but found more: the code fix still offers '{action.Title}'.");
            }

            project = await ApplyAsync(document, action, cancellationToken);
        }

        if (NumberOfIncrementalIterations is { } expected && iterations != expected)
        {
            throw new VerifierException($"Expected '{expected}' iterations but found '{iterations}' iterations.");
        }

        if (iterations == 0 && NumberOfIncrementalIterations is null)
        {
            throw new VerifierException("The code fix registered no action for any of the analyzer's diagnostics, but FixedCode was given.");
        }

        return project;
    }

    private async Task<Project> ApplyFixAllAsync(Project project, FixAllScope scope, CancellationToken cancellationToken)
    {
        // Fix All in a document fixes one document per application, as in the SDK.
        var limit = NumberOfFixAllIterations
            ?? (scope == FixAllScope.Document
                ? Math.Max(1, (await FixableDiagnosticsAsync(project, cancellationToken)).Select(static d => d.Location.SourceTree).Distinct().Count())
                : 1);
        var iterations = 0;
        while (true)
        {
            var diagnostics = await FixableDiagnosticsAsync(project, cancellationToken);
            var (document, action) = await FirstActionAsync(project, diagnostics, cancellationToken);
            if (document is null || action is null)
            {
                break;
            }

            if (action.EquivalenceKey is null)
            {
                throw new VerifierException($"Fix All needs an equivalence key, but the code action '{action.Title}' has none.");
            }

            if (++iterations > limit)
            {
                throw new VerifierException($"The upper limit for the number of Fix All iterations ({limit}) was exceeded in {scope} scope: '{action.Title}' is still offered.");
            }

            var provider = new FixedDiagnosticProvider(diagnostics);
            var context = scope == FixAllScope.Document
                ? new FixAllContext(document, codeFix, scope, action.EquivalenceKey, codeFix.FixableDiagnosticIds, provider, cancellationToken)
                : new FixAllContext(project, codeFix, scope, action.EquivalenceKey, codeFix.FixableDiagnosticIds, provider, cancellationToken);
            var fixAll = await codeFix.GetFixAllProvider()!.GetFixAsync(context);
            if (fixAll is null)
            {
                break;
            }

            project = await ApplyAsync(document, fixAll, cancellationToken);
        }

        if (NumberOfFixAllIterations is { } expected && iterations != expected)
        {
            throw new VerifierException($"Expected '{expected}' Fix All iterations in {scope} scope but found '{iterations}'.");
        }

        return project;
    }

    private async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var fixable = codeFix.FixableDiagnosticIds.ToHashSet(StringComparer.Ordinal);
        return (await GetDiagnosticsAsync(project, cancellationToken))
            .Where(d => fixable.Contains(d.Id) && d.Location.IsInSource)
            .ToImmutableArray();
    }

    /// <summary>The first diagnostic, in source order, for which the fix offers the selected action.</summary>
    private async Task<(Document? Document, CodeAction? Action)> FirstActionAsync(Project project, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await codeFix.RegisterCodeFixesAsync(context);
            var selected = CodeActionEquivalenceKey is not null
                ? actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey)
                : actions.ElementAtOrDefault(CodeActionIndex ?? 0);
            if (selected is not null)
            {
                return (document, selected);
            }
        }

        return (null, null);
    }

    private static async Task<Project> ApplyAsync(Document document, CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken);
        var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution
            ?? throw new VerifierException($"The code action '{action.Title}' produced no solution change.");
        var project = changed.GetProject(document.Project.Id)!;

        var changedAnything = false;
        foreach (var before in document.Project.Documents)
        {
            var after = project.GetDocument(before.Id);
            if (after is null || !(await after.GetTextAsync(cancellationToken)).ContentEquals(await before.GetTextAsync(cancellationToken)))
            {
                changedAnything = true;
                break;
            }
        }

        return changedAnything || project.DocumentIds.Count != document.Project.DocumentIds.Count
            ? project
            : throw new VerifierException($"The code action '{action.Title}' did not change any document.");
    }

    private async Task VerifyStateAsync(Project project, SolutionState state, string when, CancellationToken cancellationToken)
    {
        var (expectedProject, expectedDiagnostics) = await CreateProjectAsync(InheritAdditionalFiles(state), cancellationToken);
        foreach (var expectedDocument in expectedProject.Documents)
        {
            var actualDocument = project.Documents.FirstOrDefault(d => d.FilePath == expectedDocument.FilePath)
                ?? throw new VerifierException($"Expected document '{expectedDocument.FilePath}' is missing {when}.");
            var expectedRaw = (await expectedDocument.GetTextAsync(cancellationToken)).ToString();
            var actualRaw = (await actualDocument.GetTextAsync(cancellationToken)).ToString();
            var expectedText = Normalize(expectedRaw);
            var actualText = Normalize(actualRaw);
            if (expectedText != actualText)
            {
                throw new VerifierException($"Context: {when}\r\nContent of '{expectedDocument.FilePath}' did not match. Diff shown with expected as baseline:\r\n{Diff(expectedText, actualText)}");
            }

            if (ExactLineEndings && expectedRaw != actualRaw)
            {
                throw new VerifierException($"Context: {when}\r\nContent of '{expectedDocument.FilePath}' matched except for line endings: {LineEndingMismatch(expectedRaw, actualRaw)}");
            }
        }

        var actual = await GetDiagnosticsAsync(project, cancellationToken);
        try
        {
            VerifyDiagnostics(expectedDiagnostics, actual, project);
        }
        catch (VerifierException exception)
        {
            throw new VerifierException($"Context: diagnostics {when}\r\n{exception.Message}");
        }
    }

    /// <summary>
    /// A fixed state without additional files keeps the original ones (and the diagnostics their markup
    /// expects), as the SDK's fixed states inherit them; code fixes here only change sources.
    /// </summary>
    private SolutionState InheritAdditionalFiles(SolutionState state)
    {
        if (state.AdditionalFiles.Count > 0 || TestState.AdditionalFiles.Count == 0)
        {
            return state;
        }

        var inherited = new SolutionState { OutputKind = state.OutputKind };
        inherited.Sources.AddRange(state.Sources);
        inherited.AdditionalFiles.AddRange(TestState.AdditionalFiles);
        inherited.ExpectedDiagnostics.AddRange(state.ExpectedDiagnostics);
        return inherited;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>The first line whose break differs, for example <c>line 4 ends with "\n", expected "\r\n"</c>.</summary>
    internal static string LineEndingMismatch(string expected, string actual)
    {
        var expectedBreaks = LineBreaks(expected);
        var actualBreaks = LineBreaks(actual);
        for (var i = 0; i < Math.Min(expectedBreaks.Count, actualBreaks.Count); i++)
        {
            if (expectedBreaks[i] != actualBreaks[i])
            {
                return $"line {i + 1} ends with \"{Escape(actualBreaks[i])}\", expected \"{Escape(expectedBreaks[i])}\"";
            }
        }

        return $"{actualBreaks.Count} line breaks, expected {expectedBreaks.Count}";

        static string Escape(string lineBreak) => lineBreak.Replace("\r", "\\r").Replace("\n", "\\n");
    }

    private static List<string> LineBreaks(string text)
    {
        var breaks = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                breaks.Add("\r\n");
                i++;
            }
            else if (text[i] is '\r' or '\n')
            {
                breaks.Add(text[i].ToString());
            }
        }

        return breaks;
    }

    /// <summary>A line diff: ' ' unchanged, '-' only expected, '+' only actual.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var builder = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                builder.Append("  ").Append(a[x++]).Append('\n');
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                builder.Append("- ").Append(a[x++]).Append('\n');
            }
            else
            {
                builder.Append("+ ").Append(b[y++]).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>Hands Fix All the diagnostics computed for the project being fixed.</summary>
    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(static d => !d.Location.IsInSource));
    }
}
