using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// The console line is all most developers see of a diagnostic, so every rendered message ends with
/// the rule's controls, "(HIPAA 164.312(a)(1); SOC 2 CC6.1)", and that suffix must say exactly what
/// the custom tags (which reach SARIF) say.
/// </summary>
public sealed partial class MessageControlsTests
{
    public static TheoryData<string> DescriptorIds => new(Catalog.Declared.Select(static d => d.Id));

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RenderedMessage_EndsWithTheControlsOfItsTags(string id)
    {
        var descriptor = Catalog.Declared.Single(d => d.Id == id);
        var tagged = descriptor.CustomTags.Where(static t => t.StartsWith("HIPAA:", StringComparison.Ordinal) || t.StartsWith("SOC2:", StringComparison.Ordinal)).ToList();

        // Arguments with braces and parentheses, as analyzers pass (route templates, member names).
        var message = Render(descriptor, "{id} (x)");

        if (tagged.Count == 0)
        {
            Assert.DoesNotContain("(HIPAA ", message, StringComparison.Ordinal);
            Assert.DoesNotContain("(SOC 2 ", message, StringComparison.Ordinal);
            return;
        }

        var start = Math.Max(message.LastIndexOf(" (HIPAA ", StringComparison.Ordinal), message.LastIndexOf(" (SOC 2 ", StringComparison.Ordinal));
        Assert.True(start > 0, $"{id}: the message does not end with its controls: {message}");
        Assert.EndsWith(")", message, StringComparison.Ordinal);
        var suffix = message.Substring(start);
        Assert.Matches(Suffix(), suffix);

        var rendered = new List<string>();
        foreach (var group in suffix.Substring(2, suffix.Length - 3).Split("; "))
        {
            var (label, prefix) = group.StartsWith("HIPAA ", StringComparison.Ordinal) ? ("HIPAA ", "HIPAA:") : ("SOC 2 ", "SOC2:");
            rendered.AddRange(group.Substring(label.Length).Split(", ").Select(control => prefix + control));
        }

        // HIPAA first, then SOC 2, each in the order the catalog lists them.
        var expected = tagged.Where(static t => t.StartsWith("HIPAA:", StringComparison.Ordinal)).Concat(tagged.Where(static t => t.StartsWith("SOC2:", StringComparison.Ordinal)));
        Assert.Equal(expected, rendered);
        Assert.Equal(Compliance.Analyzers.Descriptors.ControlsSuffix(descriptor.CustomTags), suffix);
    }

    [Fact]
    public void MessageWithoutArguments_RendersTheSuffixVerbatim()
    {
        var descriptor = Compliance.Analyzers.Descriptors.SecurityHeadersMissing;
        Assert.Empty(Placeholders().Matches(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)));
        Assert.EndsWith(" (HIPAA 164.312(e)(1); SOC 2 CC6.6)", Diagnostic.Create(descriptor, Location.None).GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogExample_HasTheDocumentedForm()
    {
        var message = Diagnostic.Create(Compliance.Analyzers.Descriptors.HardCodedSecret, Location.None, "ApiKey", "a Stripe secret key").GetMessage(CultureInfo.InvariantCulture);
        Assert.Equal("'ApiKey' is a hard-coded secret (a Stripe secret key); read it from configuration or the environment instead (HIPAA 164.312(a)(1), 164.308(a)(5)(ii)(D); SOC 2 CC6.1)", message);
    }

    [Fact]
    public void RulesWithoutControls_GetNoSuffix()
    {
        Assert.Equal("{0}", Compliance.Analyzers.Descriptors.InvalidConfiguration.MessageFormat.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("", Compliance.Analyzers.Descriptors.ControlsSuffix([Compliance.Analyzers.Descriptors.ComplianceTag, WellKnownDiagnosticTags.CompilationEnd]));
    }

    private static string Render(DiagnosticDescriptor descriptor, string argument)
    {
        var format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
        var count = Placeholders().Matches(format).Select(static m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        var arguments = Enumerable.Repeat<object>(argument, count).ToArray();
        return Diagnostic.Create(descriptor, Location.None, arguments).GetMessage(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<!\{)\{(\d+)\}")]
    private static partial Regex Placeholders();

    /// <summary>" (HIPAA a, b; SOC 2 c, d)", either group optional but not both.</summary>
    [GeneratedRegex(@"^ \((HIPAA [0-9.]+(\([0-9a-zA-Z]+\))*(, [0-9.]+(\([0-9a-zA-Z]+\))*)*(; (?=SOC))?)?(SOC 2 [A-Z]+[0-9.]+(, [A-Z]+[0-9.]+)*)?\)$")]
    private static partial Regex Suffix();
}
