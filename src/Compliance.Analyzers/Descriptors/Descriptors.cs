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

    private const string HipaaTagPrefix = "HIPAA:";
    private const string Soc2TagPrefix = "SOC2:";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <param name="controls">HIPAA and SOC 2 control ids from <see cref="Controls"/>, and any well-known tags.</param>
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
            messageFormat + MessageSuffix(messageFormat, controls),
            category,
            severity,
            isEnabledByDefault: true,
            description,
            HelpLink(id),
            tags);
    }

    /// <summary>
    /// The controls as the end of the message, <c> (HIPAA 164.312(a)(1); SOC 2 CC6.1)</c>: custom tags
    /// reach SARIF but not the console line a developer reads, so the message carries them too.
    /// Empty when there are no HIPAA or SOC 2 controls.
    /// </summary>
    public static string ControlsSuffix(IEnumerable<string> tags)
    {
        var hipaa = new List<string>();
        var soc2 = new List<string>();
        foreach (var tag in tags)
        {
            if (tag.StartsWith(HipaaTagPrefix, StringComparison.Ordinal))
            {
                hipaa.Add(tag.Substring(HipaaTagPrefix.Length));
            }
            else if (tag.StartsWith(Soc2TagPrefix, StringComparison.Ordinal))
            {
                soc2.Add(tag.Substring(Soc2TagPrefix.Length));
            }
        }

        var groups = new List<string>(2);
        if (hipaa.Count > 0)
        {
            groups.Add("HIPAA " + string.Join(", ", hipaa));
        }

        if (soc2.Count > 0)
        {
            groups.Add("SOC 2 " + string.Join(", ", soc2));
        }

        return groups.Count == 0 ? "" : " (" + string.Join("; ", groups) + ")";
    }

    private static string MessageSuffix(string messageFormat, string[] controls)
    {
        var suffix = ControlsSuffix(controls);

        // Roslyn runs a message through string.Format only when it has arguments; a format with
        // placeholders gets them, so a brace in a control id must be escaped there and only there.
        return messageFormat.IndexOf('{') >= 0 ? suffix.Replace("{", "{{").Replace("}", "}}") : suffix;
    }
}
