using System.Composition;
using System.Reflection;
using System.Text.RegularExpressions;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>The catalog, its documentation and release tracking must agree, rule by rule.</summary>
public sealed partial class CatalogTests
{
    public static TheoryData<string> DescriptorIds => new(Catalog.Declared.Select(static d => d.Id));

    [Fact]
    public void EveryDeclaredDescriptor_IsReportedByAnAnalyzer()
    {
        var reported = Catalog.Descriptors.Select(static d => d.Id).ToHashSet();
        Assert.All(Catalog.Declared, d => Assert.Contains(d.Id, reported));
        Assert.NotEmpty(Catalog.Declared);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_IsComplete(string id)
    {
        var descriptor = Catalog.Declared.Single(d => d.Id == id);

        Assert.Matches(RuleId(), descriptor.Id);
        Assert.StartsWith("Compliance.", descriptor.Category, StringComparison.Ordinal);
        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Contains(Compliance.Analyzers.Descriptors.ComplianceTag, descriptor.CustomTags);
        if (!id.StartsWith("CMP9", StringComparison.Ordinal))
        {
            Assert.Contains(descriptor.CustomTags, static t => t.StartsWith("HIPAA:", StringComparison.Ordinal));
            Assert.Contains(descriptor.CustomTags, static t => t.StartsWith("SOC2:", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_HasRulesRow_DocsPage_AndReleaseEntry(string id)
    {
        var descriptor = Catalog.Declared.Single(d => d.Id == id);

        var rules = Catalog.ReadRepositoryFile("rules.md");
        Assert.Matches(new Regex($@"^\| \[{id}\]\(docs/rules/{id}\.md\) \| .+ \| {Regex.Escape(descriptor.Category)} \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), rules);

        var page = Catalog.ReadRepositoryFile(Path.Combine("docs", "rules", id + ".md"));
        Assert.StartsWith($"# {id}: ", page, StringComparison.Ordinal);
        foreach (var heading in new[] { "## What it finds", "## Why", "## Code fix", "## Options", "## Suppression" })
        {
            Assert.Contains(heading, page, StringComparison.Ordinal);
        }

        var releases = Catalog.ReadRepositoryFile("src/Compliance.Analyzers/AnalyzerReleases.Unshipped.md")
            + Catalog.ReadRepositoryFile("src/Compliance.Analyzers/AnalyzerReleases.Shipped.md");
        Assert.Matches(new Regex($@"^{id}\s*\|\s*{Regex.Escape(descriptor.Category)}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", RegexOptions.Multiline), releases);
    }

    [Fact]
    public void RulesTable_ListsOnlyImplementedRules()
    {
        var declared = Catalog.Declared.Select(static d => d.Id).ToHashSet();
        var listed = RulesRow().Matches(Catalog.ReadRepositoryFile("rules.md")).Select(static m => m.Groups[1].Value).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.All(listed, id => Assert.Contains(id, declared));
    }

    [Fact]
    public void EveryOption_IsDocumented()
    {
        var configuration = Catalog.ReadRepositoryFile("docs/configuration.md");
        Assert.NotEmpty(ComplianceOptions.All);
        foreach (var option in ComplianceOptions.All)
        {
            Assert.Contains("`" + option.Key + "`", configuration, StringComparison.Ordinal);
            Assert.All(option.RuleIds, id => Assert.Contains(id, Catalog.Declared.Select(static d => d.Id)));
        }
    }

    [Fact]
    public void GlobalOnlyOptions_AreMarkedSo_AndOnlyThey()
    {
        var configuration = Catalog.ReadRepositoryFile("docs/configuration.md");
        Assert.Contains(ComplianceOptions.All, static o => o.IsGlobalOnly);
        foreach (var option in ComplianceOptions.All)
        {
            var marked = configuration.Contains("`" + option.Key + "` *(global only)*", StringComparison.Ordinal);
            Assert.True(option.IsGlobalOnly == marked, option.Key + (option.IsGlobalOnly ? " is global only but not marked so" : " is marked global only but is read per file"));
        }
    }

    [Fact]
    public void EveryCodeFix_IsExported_Shared_AndSupportsFixAll()
    {
        Assert.NotEmpty(Catalog.CodeFixes);
        var declared = Catalog.Declared.Select(static d => d.Id).ToHashSet();
        foreach (var fix in Catalog.CodeFixes)
        {
            var type = fix.GetType();
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(type.Name, export!.Name);
            Assert.Contains(LanguageNames.CSharp, export.Languages);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            Assert.NotNull(fix.GetFixAllProvider());
            Assert.NotEmpty(fix.FixableDiagnosticIds);
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, declared));
        }
    }

    [Fact]
    public void EquivalenceKeys_AreUniqueAndNamedAfterTheirRule()
    {
        var keys = Catalog.CodeFixes
            .SelectMany(static f => f.GetType().GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(static f => f.IsLiteral && f.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(static f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, static key => Assert.Matches(EquivalenceKey(), key));
    }

    [GeneratedRegex(@"^CMP\d{4}$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^\| \[(CMP\d{4})\]", RegexOptions.Multiline)]
    private static partial Regex RulesRow();

    [GeneratedRegex(@"^CMP\d{4}\.[A-Z][A-Za-z0-9]+$")]
    private static partial Regex EquivalenceKey();
}
