using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// What the package's MSBuild files and metadata promise must follow the catalog: enforcement
/// reaches every rule a developer sees, and every help link names a page that exists.
/// </summary>
public sealed partial class PackageConfigurationTests
{
    private const string BuildFolder = "src/Compliance.Analyzers.Package/build/";

    [Fact]
    public void Enforcement_RaisesEveryVisibleRule_ByItsOwnKey()
    {
        var visible = Catalog.Declared
            .Where(static d => d.DefaultSeverity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .Select(static d => d.Id);

        Assert.Equal(visible.Order(StringComparer.Ordinal), RaisedToError("Compliance.Analyzers.Enforce.globalconfig"));
    }

    [Fact]
    public void InformationalRules_FailCi_OnlyThroughTheOptIn()
    {
        // The inventory facts of the compliance report are not findings: never enforced (and not configurable).
        var informational = Catalog.Declared
            .Where(static d => d.DefaultSeverity is DiagnosticSeverity.Info or DiagnosticSeverity.Hidden)
            .Where(static d => !d.CustomTags.Contains(Compliance.Analyzers.Descriptors.InventoryTag))
            .Select(static d => d.Id)
            .ToList();

        Assert.NotEmpty(informational);
        Assert.Equal(informational.Order(StringComparer.Ordinal), RaisedToError("Compliance.Analyzers.EnforceInformational.globalconfig"));
        var props = Catalog.ReadRepositoryFile(BuildFolder + "Compliance.Analyzers.props");
        Assert.Contains("'$(ComplianceEnforceInformational)' == 'true'", props, StringComparison.Ordinal);
    }

    [Fact]
    public void InventoryFacts_AreInformational_NotConfigurable_AndOnlyOnWithTheReportSwitch()
    {
        var inventory = Catalog.Declared.Where(static d => d.CustomTags.Contains(Compliance.Analyzers.Descriptors.InventoryTag)).ToList();

        Assert.Equal(["CMP9100", "CMP9101", "CMP9102"], inventory.Select(static d => d.Id));
        Assert.All(inventory, static d =>
        {
            Assert.Equal(DiagnosticSeverity.Info, d.DefaultSeverity);
            Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, d.CustomTags);
        });
        var props = Catalog.ReadRepositoryFile(BuildFolder + "Compliance.Analyzers.props");
        Assert.Contains("<CompilerVisibleProperty Include=\"ComplianceReport\" />", props, StringComparison.Ordinal);
        var targets = Catalog.ReadRepositoryFile(BuildFolder + "Compliance.Analyzers.targets");
        Assert.Contains("Condition=\"'$(ComplianceReport)' == 'true'\"", targets, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Compliance.Analyzers.Enforce.globalconfig")]
    [InlineData("Compliance.Analyzers.EnforceInformational.globalconfig")]
    public void EnforcementFiles_YieldToTheProjectsOwnGlobalConfiguration(string file)
    {
        // A project's own global configuration has level 0 (100 for a root .globalconfig); a lower
        // level lets its justified per-rule decisions win instead of conflicting.
        var text = Catalog.ReadRepositoryFile(BuildFolder + file);
        Assert.Contains("is_global = true", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^global_level = -\d+$", RegexOptions.Multiline), text);
        Assert.DoesNotContain("category-", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryHelpLink_IsTheConfiguredHome_PlusAnExistingRulePage()
    {
        var home = XDocument.Parse(Catalog.ReadRepositoryFile("Directory.Build.props"))
            .Descendants("ComplianceRepositoryUrl")
            .Single()
            .Value;

        Assert.StartsWith("https://", home, StringComparison.Ordinal);
        Assert.All(Catalog.Declared, descriptor =>
        {
            Assert.Equal($"{home}/blob/main/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Catalog.RepositoryRoot, "docs", "rules", descriptor.Id + ".md")), descriptor.Id + " has no page");
        });
    }

    private static List<string> RaisedToError(string file)
        => SeverityError().Matches(Catalog.ReadRepositoryFile(BuildFolder + file))
            .Select(static m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"^dotnet_diagnostic\.(CMP\d{4})\.severity = error$", RegexOptions.Multiline)]
    private static partial Regex SeverityError();
}
