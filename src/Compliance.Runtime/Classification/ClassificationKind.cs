namespace Compliance.Runtime.Classification;

/// <summary>What kind of classified data a member carries (the analyzers' ClassificationKind, by reflection).</summary>
internal enum ClassificationKind
{
    /// <summary><see cref="PhiAttribute"/>.</summary>
    Phi,

    /// <summary><see cref="PiiAttribute"/>.</summary>
    Pii,

    /// <summary>Another <c>DataClassificationAttribute</c>, of any taxonomy, or a configured attribute.</summary>
    Other,
}
