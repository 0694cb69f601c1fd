using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Runtime.Tests;

/// <summary>
/// Applications import <c>Compliance.Runtime</c> beside the platform's compliance namespaces (the
/// docs tell them to: <c>AddRedaction</c>, <c>IRedactorProvider</c>, <c>[LogProperties]</c>), so no
/// public name of ours may be one of theirs: the runtime's keyed redaction helper used to be called
/// <c>Redactor</c>, and every such file got CS0104 on the platform's <c>Redactor</c>.
/// </summary>
public sealed class PublicNameTests
{
    private static readonly string[] PlatformNamespaces = ["Microsoft.Extensions.Compliance.Redaction", "Microsoft.Extensions.Compliance.Classification"];

    [Fact]
    public void AFileImportingBothNamespaces_NamesThePlatformRedactor_WithoutAnAlias()
    {
        const string Source = """
            using System;
            using Compliance.Runtime;
            using Microsoft.Extensions.Compliance.Classification;
            using Microsoft.Extensions.Compliance.Redaction;

            namespace Application;

            public sealed class StarsRedactor : Redactor
            {
                public override int GetRedactedLength(ReadOnlySpan<char> input) => 3;

                public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
                {
                    "***".AsSpan().CopyTo(destination);
                    return 3;
                }
            }

            public sealed class Admissions(IRedactorProvider redactors, KeyedRedact keyed)
            {
                public Redactor ForPhi => redactors.GetRedactor(HipaaTaxonomy.Phi);

                public string Describe([Phi] string ssn, [Pii] string email)
                    => ForPhi.Redact(ssn) + " " + keyed.Hash(email) + " " + Redact.Value(ssn);

                public static DataClassificationSet Hipaa => new(HipaaTaxonomy.Phi, HipaaTaxonomy.Pii);
            }
            """;

        var compilation = CSharpCompilation.Create(
            "NameClash",
            [CSharpSyntaxTree.ParseText(Source, path: "Admissions.cs")],
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(static path => MetadataReference.CreateFromFile(path)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        // The name binds to the platform's type, not to anything of ours.
        var redactor = compilation.GetTypeByMetadataName("Application.StarsRedactor")!.BaseType!;
        Assert.Equal("Microsoft.Extensions.Compliance.Redaction.Redactor", redactor.ToDisplayString());
    }

    [Fact]
    public void NoPublicTypeOfCompliance_Runtime_HasTheNameOfAPlatformComplianceType()
    {
        var platform = new[] { typeof(Microsoft.Extensions.Compliance.Redaction.Redactor).Assembly, typeof(Microsoft.Extensions.Compliance.Redaction.ErasingRedactor).Assembly }
            .Distinct()
            .SelectMany(static assembly => assembly.GetExportedTypes())
            .Where(static type => PlatformNamespaces.Contains(type.Namespace))
            .Select(static type => type.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Redactor", platform);

        var clashes = typeof(Redact).Assembly.GetExportedTypes()
            .Where(static type => type.Namespace == "Compliance.Runtime" && !type.IsNested)
            .Select(static type => type.Name)
            .Where(platform.Contains)
            .ToList();

        Assert.Empty(clashes);
    }
}
