using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Compliance.Runtime.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Runtime.Tests.Classification;

/// <summary>
/// The reflection side of the classification rule (docs/classification.md): the shared fixtures of
/// tests/ClassificationConformance, compiled and loaded here, classify by reflection exactly as
/// expected.txt says. The analyzer tests hold the symbol side to the same file.
/// </summary>
public sealed class ClassificationConformanceTests
{
    private const string FixtureNamespace = "ConformanceFixtures";
    private const BindingFlags DeclaredPublicInstance = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void ReflectionSide_MatchesTheSharedExpectations()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "ClassificationConformance");
        var context = new AssemblyLoadContext("classification-conformance", isCollectible: true);
        try
        {
            var assembly = Compile(File.ReadAllText(Path.Combine(folder, "Fixtures.cs")), context);
            var reader = new DataClassificationReader(File.ReadAllLines(Path.Combine(folder, "configured.txt")));

            var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).Where(static l => l.Trim().Length > 0).ToArray();
            Assert.Equal(expected, Describe(assembly, reader));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void PlatformClassification_IsTheHipaaTaxonomy()
    {
        var reader = DataClassificationReader.Default;
        var ssn = reader.Classify(typeof(Sample).GetProperty(nameof(Sample.Ssn))!);
        var email = reader.Classify(typeof(Sample).GetProperty(nameof(Sample.Email))!);

        Assert.Equal(HipaaTaxonomy.Phi, ssn!.Value.Classification);
        Assert.Equal(HipaaTaxonomy.Pii, email!.Value.Classification);
        Assert.Equal("HIPAA", HipaaTaxonomy.Phi.TaxonomyName);
        Assert.Null(reader.Classify(typeof(Sample).GetProperty(nameof(Sample.Id))!));
    }

    private static Assembly Compile(string source, AssemblyLoadContext context)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(static path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ConformanceFixtures",
            [CSharpSyntaxTree.ParseText(source, path: "Fixtures.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static List<string> Describe(Assembly assembly, DataClassificationReader reader)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(static t => t.Namespace == FixtureNamespace && !t.IsNested))
        {
            if (reader.ContainsClassifiedData(type))
            {
                lines.Add("contains " + type.Name);
            }

            foreach (var property in type.GetProperties(DeclaredPublicInstance).Where(static p => p.GetIndexParameters().Length == 0))
            {
                Add(lines, reader.Classify(property), type.Name + "." + property.Name);
            }

            foreach (var field in type.GetFields(DeclaredPublicInstance))
            {
                Add(lines, reader.Classify(field), type.Name + "." + field.Name);
            }

            foreach (var constructor in type.GetConstructors(DeclaredPublicInstance))
            {
                foreach (var parameter in constructor.GetParameters())
                {
                    Add(lines, reader.Classify(parameter), type.Name + "." + constructor.Name + "(" + parameter.Name + ")");
                }
            }

            foreach (var method in type.GetMethods(DeclaredPublicInstance).Where(static m => !m.IsSpecialName && !m.IsDefined(typeof(CompilerGeneratedAttribute), false)))
            {
                foreach (var parameter in method.GetParameters())
                {
                    Add(lines, reader.Classify(parameter), type.Name + "." + method.Name + "(" + parameter.Name + ")");
                }

                Add(lines, reader.Classify(method.ReturnParameter), type.Name + "." + method.Name + "() return");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Add(List<string> lines, MemberClassification? classification, string name)
    {
        if (classification is { } found)
        {
            lines.Add("member " + name + " => " + found.Kind + " " + found.Display);
        }
    }

    private sealed class Sample
    {
        public int Id { get; set; }

        [Phi]
        public string Ssn { get; set; } = "";

        [Pii]
        public string Email { get; set; } = "";
    }
}
