using System.Collections.Concurrent;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// Re-runs existing code-fix tests on Windows line endings: inside <see cref="RunWithCrlfAsync"/>,
/// every <see cref="CSharpCodeFixVerifier{TAnalyzer, TCodeFix}.Test"/> converts its sources and
/// expected fixed sources to CRLF before the run. The test framework compares fixed documents
/// exactly, so a fix that inserts a bare "\n" into a CRLF file fails. The test sources themselves
/// are raw string literals, whose line endings are those of the checkout.
/// </summary>
public static class LineEndingMode
{
    private static readonly AsyncLocal<ConcurrentBag<Type>?> CrlfRun = new();

    /// <summary>True inside <see cref="RunWithCrlfAsync"/>.</summary>
    internal static bool IsCrlf => CrlfRun.Value is not null;

    /// <summary>Runs <paramref name="test"/> in CRLF mode; returns the code fix providers whose fixes were verified.</summary>
    public static async Task<IReadOnlyCollection<Type>> RunWithCrlfAsync(Func<Task> test)
    {
        var verified = new ConcurrentBag<Type>();
        CrlfRun.Value = verified;
        try
        {
            await test();
        }
        finally
        {
            CrlfRun.Value = null;
        }

        return verified.Distinct().ToList();
    }

    /// <summary>Every line break as "\r\n".</summary>
    public static string ToCrlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    internal static void RecordVerified(Type codeFix) => CrlfRun.Value?.Add(codeFix);
}
