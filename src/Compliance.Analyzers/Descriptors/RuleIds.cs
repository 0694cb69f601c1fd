namespace Compliance.Analyzers;

/// <summary>
/// The diagnostic ids of every implemented rule. Ids are public contract: they appear in
/// suppressions, .editorconfig files and SARIF, so from the first release they are never
/// renumbered or reused. Before it, the ids were realigned once so that each family owns one range
/// (rules.md lists every rule's previous id).
/// </summary>
/// <remarks>Each rule family keeps its ids in its own part of this class (RuleIds.*.cs), in the family's range (Categories).</remarks>
public static partial class RuleIds
{
}
