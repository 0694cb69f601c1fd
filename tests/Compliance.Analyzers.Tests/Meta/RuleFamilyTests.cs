using System.Text.RegularExpressions;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// One rule family = one id range = one category = one folder (analyzers, fixers, tests) = one
/// option prefix. The ranges are DiagnosticCategoryAndIdRanges.txt; every rule page names its
/// sources, and those must be the types that report and fix the rule.
/// </summary>
public sealed partial class RuleFamilyTests
{
    private static readonly IReadOnlyDictionary<string, (int First, int Last)> Ranges = ReadRanges();

    public static TheoryData<string> DescriptorIds => new(Catalog.Declared.Select(static d => d.Id));

    [Fact]
    public void Ranges_CoverEveryCategory_AndDoNotOverlap()
    {
        Assert.Equal(
            Catalog.Declared.Select(static d => d.Category).Distinct().OrderBy(static c => c, StringComparer.Ordinal),
            Ranges.Keys.Where(c => Catalog.Declared.Any(d => d.Category == c)).OrderBy(static c => c, StringComparer.Ordinal));
        var ordered = Ranges.Values.OrderBy(static r => r.First).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i - 1].Last < ordered[i].First, $"CMP{ordered[i - 1].First}-CMP{ordered[i - 1].Last} overlaps CMP{ordered[i].First}-CMP{ordered[i].Last}");
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Id_IsInItsCategorysRange(string id)
    {
        var descriptor = Catalog.Declared.First(d => d.Id == id);
        Assert.True(Ranges.TryGetValue(descriptor.Category, out var range), $"{descriptor.Category} has no range in DiagnosticCategoryAndIdRanges.txt");
        var number = int.Parse(id.Substring(3), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number, range.First, range.Last);
    }

    [Fact]
    public void EveryAnalyzer_LivesInTheFolderOfItsFamily()
    {
        foreach (var analyzer in Catalog.Analyzers)
        {
            var families = analyzer.SupportedDiagnostics.Select(static d => Family(d.Category)).Distinct().ToList();
            Assert.True(families.Count == 1, $"{analyzer.GetType().Name} reports rules of several families: {string.Join(", ", families)}");
            Assert.Equal("Compliance.Analyzers." + families[0], analyzer.GetType().Namespace);
            Assert.True(File.Exists(SourcePath("src/Compliance.Analyzers", families[0], analyzer.GetType().Name)), analyzer.GetType().Name + " is not in its own file of its family's folder");
        }
    }

    [Fact]
    public void EveryCodeFix_LivesInTheFolderOfItsFamily()
    {
        foreach (var fix in Catalog.CodeFixes)
        {
            var families = fix.FixableDiagnosticIds.Select(static id => Family(Catalog.Declared.First(d => d.Id == id).Category)).Distinct().ToList();
            Assert.True(families.Count == 1, $"{fix.GetType().Name} fixes rules of several families: {string.Join(", ", families)}");
            Assert.Equal("Compliance.Analyzers.CodeFixes." + families[0], fix.GetType().Namespace);
            Assert.True(File.Exists(SourcePath("src/Compliance.Analyzers.CodeFixes", families[0], fix.GetType().Name)), fix.GetType().Name + " is not in its own file of its family's folder");
        }
    }

    [Fact]
    public void EveryOption_BelongsToTheFamilyOfItsRules()
    {
        foreach (var option in ComplianceOptions.All)
        {
            var prefix = option.Key.Split('.')[1];
            foreach (var id in option.RuleIds)
            {
                var category = Catalog.Declared.First(d => d.Id == id).Category;
                Assert.True(string.Equals(Family(category), prefix, StringComparison.OrdinalIgnoreCase), $"{option.Key} sets {id}, a rule of {category}");
            }
        }
    }

    /// <summary>
    /// The "Sources:" line of a rule page links exactly the analyzers that report the rule and the
    /// code fixes that fix it, and test files of the same family that name one of them (or the id).
    /// </summary>
    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePage_NamesItsSources(string id)
    {
        var page = Catalog.ReadRepositoryFile(Path.Combine("docs", "rules", id + ".md"));
        var line = page.Split('\n').SingleOrDefault(static l => l.StartsWith("Sources: ", StringComparison.Ordinal));
        Assert.True(line is not null, $"docs/rules/{id}.md has no 'Sources:' line");
        var links = Link().Matches(line!).Select(static m => (Name: m.Groups[1].Value, Path: m.Groups[2].Value)).ToList();
        var family = Family(Catalog.Declared.First(d => d.Id == id).Category);

        var analyzers = Catalog.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).Select(static a => a.GetType().Name).ToList();
        var fixes = Catalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)).Select(static f => f.GetType().Name).ToList();
        Assert.Equal(
            analyzers.Select(n => $"src/Compliance.Analyzers/{family}/{n}.cs").Concat(fixes.Select(n => $"src/Compliance.Analyzers.CodeFixes/{family}/{n}.cs")).OrderBy(static p => p, StringComparer.Ordinal),
            links.Select(static l => l.Path).Where(static p => p.StartsWith("src/", StringComparison.Ordinal)).OrderBy(static p => p, StringComparer.Ordinal));
        Assert.Equal(fixes.Count == 0, line!.Contains("; no code fix;", StringComparison.Ordinal));

        var tests = links.Where(static l => l.Path.StartsWith("tests/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tests);
        foreach (var test in tests)
        {
            Assert.StartsWith($"tests/Compliance.Analyzers.Tests/{family}/", test.Path, StringComparison.Ordinal);
            var text = Catalog.ReadRepositoryFile(test.Path);
            Assert.True(
                text.Contains(id, StringComparison.Ordinal) || analyzers.Concat(fixes).Any(n => text.Contains(n, StringComparison.Ordinal)),
                $"{test.Path} names neither {id} nor the types that report or fix it");
        }
    }

    private static string Family(string category) => category.Substring("Compliance.".Length);

    private static string SourcePath(string project, string family, string type) => Path.Combine(Catalog.RepositoryRoot, project, family, type + ".cs");

    private static Dictionary<string, (int First, int Last)> ReadRanges()
    {
        var ranges = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var line in Catalog.ReadRepositoryFile("src/Compliance.Analyzers/DiagnosticCategoryAndIdRanges.txt").Split('\n'))
        {
            var match = RangeLine().Match(line.Trim());
            if (match.Success)
            {
                ranges.Add(match.Groups[1].Value, (int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return ranges;
    }

    [GeneratedRegex(@"^([\w.]+): CMP(\d{4})-CMP(\d{4})$")]
    private static partial Regex RangeLine();

    [GeneratedRegex(@"\[(\w+)\]\(\.\./\.\./([^)]+)\)")]
    private static partial Regex Link();
}
