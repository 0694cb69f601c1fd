using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

/// <summary>
/// The rule catalog: every descriptor the package reports is created here, through one factory,
/// so help links, tags and categories are uniform. Each rule family declares its descriptors in
/// its own part of this class (Descriptors.*.cs).
/// </summary>
public static partial class Descriptors
{
    /// <summary>Where the rule pages live: the project's home (one MSBuild property) plus <c>docs/rules/</c>.</summary>
    public const string HelpLinkBase = ProjectLinks.Repository + "/blob/main/docs/rules/";

    /// <summary>Tag that marks every compliance diagnostic, so tooling can select them all.</summary>
    public const string ComplianceTag = "Compliance";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <param name="controls">HIPAA and SOC 2 control ids from <see cref="Controls"/>.</param>
    private static DiagnosticDescriptor Rule(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        params string[] controls)
    {
        var tags = new string[controls.Length + 1];
        tags[0] = ComplianceTag;
        controls.CopyTo(tags, 1);
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description,
            HelpLink(id),
            tags);
    }
}
