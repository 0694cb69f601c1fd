namespace Compliance.Corpus;

/// <summary>The corpus runner's exit codes. Asking for help exits 2, like any other call that analyses nothing.</summary>
internal static class CorpusExitCodes
{
    /// <summary>Every project was analysed and no analyzer threw.</summary>
    public const int Success = 0;

    /// <summary>An analyzer threw (AD0001): the run's diagnostics are incomplete.</summary>
    public const int AnalyzerThrew = 1;

    /// <summary>Bad arguments, a folder that does not exist, or <c>--help</c>.</summary>
    public const int Usage = 2;
}
