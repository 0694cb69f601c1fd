/// <summary>
/// The verifier's exit codes, a contract with the scripts and schedulers that run it. Only a log
/// that verifies exits 0: asking for help and every usage error exit 2, so a mistyped or
/// mis-expanded command line can never read as "the trail verifies".
/// </summary>
internal static class ExitCodes
{
    /// <summary>The log verifies.</summary>
    public const int Valid = 0;

    /// <summary>Tampering, damage, or an empty or missing log was found.</summary>
    public const int Invalid = 1;

    /// <summary>A usage error (including <c>--help</c>), or the seals could not be checked.</summary>
    public const int Usage = 2;
}
