namespace Compliance.Analyzers;

/// <summary>
/// The diagnostic ids of every implemented rule. Ids are stable public contract: they appear in
/// suppressions, .editorconfig files and SARIF, so they are never renumbered or reused.
/// </summary>
/// <remarks>Each rule family keeps its ids in its own part of this class (RuleIds.*.cs).</remarks>
public static partial class RuleIds
{
}
