using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.DataFlow;

public sealed class ClassificationModelTests
{
    private const string Declarations = """
        using System.Collections.Generic;
        using Compliance.Runtime;

        namespace Microsoft.Extensions.Compliance.Classification
        {
            public abstract class DataClassificationAttribute : System.Attribute { }
        }

        public sealed class PrivateDataAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }
        public sealed class SensitiveAttribute : System.Attribute { }

        public class Patient
        {
            public int Id { get; set; }
            [Phi] public string Ssn { get; set; } = "";
        }

        public class Customer { [Pii] public string Email = ""; }
        public class Tagged { [PrivateData] public string Note { get; set; } = ""; }
        public class Custom { [Sensitive] public string Secret { get; set; } = ""; }
        public record PatientRecord(int Id, [Phi] string Name);
        public record PropertyRecord(int Id, [property: Phi] string Name);
        public class DerivedPatient : Patient { }
        public class Ward { public List<Patient> Patients { get; } = new(); }
        public class Bed { public Patient?[] Occupants { get; } = System.Array.Empty<Patient?>(); }
        public struct Reading { [Phi] public double Value; }
        public class Sensor { public Reading? Last { get; set; } }
        public class Node { public Node? Next { get; set; } public Holder? Holder { get; set; } }
        public class Holder { public Node? Back { get; set; } [Phi] public string Diagnosis { get; set; } = ""; }
        public class Clean { public string Name { get; set; } = ""; public Clean? Self { get; set; } }
        public class Wrapper { public System.Threading.Tasks.Task<Dictionary<string, Patient>>? Pending { get; set; } }
        public abstract class Base { [Phi] public abstract string Mrn { get; } }
        public class Impl : Base { public override string Mrn => ""; }
        public interface IHasDob { [Phi] System.DateTime DateOfBirth { get; } }
        public class WithDob : IHasDob { public System.DateTime DateOfBirth => default; }
        public static class Lookup { [return: Phi] public static string Find(int id) => ""; public static void Take([Pii] string phone) { } }
        """;

    private static ClassificationModel Model(out Compilation compilation, string? configured = null)
    {
        compilation = CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(Declarations) },
            TestReferences.For(ReferenceSet.AspNetCoreWithRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(configured));
        return ClassificationModel.For(compilation, options);
    }

    private static INamedTypeSymbol Type(Compilation compilation, string name) => compilation.GetTypeByMetadataName(name)!;

    [Theory]
    [InlineData("Patient", "Ssn", ClassificationKind.Phi, "Phi")]
    [InlineData("Customer", "Email", ClassificationKind.Pii, "Pii")]
    [InlineData("Tagged", "Note", ClassificationKind.Other, "PrivateData")]
    [InlineData("PatientRecord", "Name", ClassificationKind.Phi, "Phi")]
    [InlineData("PropertyRecord", "Name", ClassificationKind.Phi, "Phi")]
    [InlineData("DerivedPatient", "Ssn", ClassificationKind.Phi, "Phi")]
    [InlineData("Impl", "Mrn", ClassificationKind.Phi, "Phi")]
    [InlineData("WithDob", "DateOfBirth", ClassificationKind.Phi, "Phi")]
    public void Members_AreClassified(string type, string member, ClassificationKind kind, string attribute)
    {
        var model = Model(out var compilation);
        ISymbol? symbol = null;
        for (var current = Type(compilation, type); symbol is null && current is not null; current = current.BaseType)
        {
            symbol = current.GetMembers(member).SingleOrDefault();
        }

        Assert.True(model.TryGetClassification(symbol!, out var classification));
        Assert.Equal(kind, classification.Kind);
        Assert.Equal(attribute, classification.AttributeName);
    }

    [Fact]
    public void UnclassifiedMembers_AreNotClassified()
    {
        var model = Model(out var compilation);
        Assert.False(model.TryGetClassification(Type(compilation, "Patient").GetMembers("Id").Single(), out _));
        Assert.False(model.TryGetClassification(Type(compilation, "Custom").GetMembers("Secret").Single(), out _));
    }

    [Fact]
    public void ConfiguredAttribute_Classifies()
    {
        var model = Model(out var compilation, "Sensitive");
        Assert.True(model.TryGetClassification(Type(compilation, "Custom").GetMembers("Secret").Single(), out var classification));
        Assert.Equal(ClassificationKind.Other, classification.Kind);
    }

    [Fact]
    public void ReturnValuesAndParameters_AreClassified()
    {
        var model = Model(out var compilation);
        var lookup = Type(compilation, "Lookup");
        Assert.True(model.TryGetClassification(lookup.GetMembers("Find").Single(), out var returned));
        Assert.Equal(ClassificationKind.Phi, returned.Kind);
        Assert.True(model.TryGetClassification(((IMethodSymbol)lookup.GetMembers("Take").Single()).Parameters[0], out var parameter));
        Assert.Equal(ClassificationKind.Pii, parameter.Kind);
    }

    [Theory]
    [InlineData("Patient", "Patient.Ssn ([Phi])")]
    [InlineData("DerivedPatient", "Patient.Ssn ([Phi])")]
    [InlineData("Ward", "Patient.Ssn ([Phi])")]
    [InlineData("Bed", "Patient.Ssn ([Phi])")]
    [InlineData("Sensor", "Reading.Value ([Phi])")]
    [InlineData("Node", "Holder.Diagnosis ([Phi])")]
    [InlineData("Holder", "Holder.Diagnosis ([Phi])")]
    [InlineData("Wrapper", "Patient.Ssn ([Phi])")]
    [InlineData("PatientRecord", "PatientRecord.Name ([Phi])")]
    public void Types_ContainClassifiedData(string type, string description)
    {
        var model = Model(out var compilation);
        Assert.Equal(description, model.DescribeClassifiedMember(Type(compilation, type)));
        Assert.True(model.ContainsClassifiedData(Type(compilation, type)));
    }

    [Fact]
    public void CyclesAndCleanTypes_DoNotContainClassifiedData()
    {
        var model = Model(out var compilation);
        Assert.False(model.ContainsClassifiedData(Type(compilation, "Clean")));
        Assert.False(model.ContainsClassifiedData(compilation.GetSpecialType(SpecialType.System_String)));
        // Asked in the other order, the cycle Node -> Holder -> Node still resolves.
        Assert.True(model.ContainsClassifiedData(Type(compilation, "Holder")));
        Assert.True(model.ContainsClassifiedData(Type(compilation, "Node")));
    }

    [Fact]
    public void CycleEnteredThroughTheCleanSide_IsNotCachedAsClean()
    {
        var model = Model(out var compilation);
        // Node is visited first; Holder.Back leads back to Node while Node is still being searched.
        Assert.True(model.ContainsClassifiedData(Type(compilation, "Node")));
        Assert.True(model.ContainsClassifiedData(Type(compilation, "Holder")));
    }

    private sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions _options;

        public TestOptionsProvider(string? attributes)
        {
            _options = new TestOptions(attributes);
        }

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly string? _attributes;

        public TestOptions(string? attributes)
        {
            _attributes = attributes;
        }

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = key == "compliance.dataflow.classification_attributes" ? _attributes : null;
            return value is not null;
        }
    }
}
