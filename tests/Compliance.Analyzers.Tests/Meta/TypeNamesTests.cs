using System.Reflection;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// Every metadata name the rules look for resolves against what an application compiles with (the
/// SDK's targeting packs and Compliance.Runtime), so a misspelt name, a wrong namespace or a missing
/// generic arity ("`1") cannot silently turn a rule off. Names of types from packages outside the
/// packs cannot resolve here and are listed, each with its package, in <see cref="FromOtherPackages"/>.
/// </summary>
public sealed class TypeNamesTests
{
    /// <summary>Constants naming types of packages that are neither in the targeting packs nor referenced by Compliance.Runtime.</summary>
    private static readonly Dictionary<string, string> FromOtherPackages = new(StringComparer.Ordinal)
    {
        [nameof(TypeNames.SerilogILogger)] = "Serilog",
        [nameof(TypeNames.SerilogLog)] = "Serilog",
        [nameof(TypeNames.NLogILoggerBase)] = "NLog",
        [nameof(TypeNames.NLogLogger)] = "NLog",
        [nameof(TypeNames.DbContext)] = "Microsoft.EntityFrameworkCore",
        [nameof(TypeNames.DbSet)] = "Microsoft.EntityFrameworkCore",
        [nameof(TypeNames.ModelBuilder)] = "Microsoft.EntityFrameworkCore",
        [nameof(TypeNames.EntityTypeConfiguration)] = "Microsoft.EntityFrameworkCore",
    };

    private static readonly Lazy<Compilation> Application = new(() => CSharpCompilation.Create(
        "Application",
        references: TestReferences.For(ReferenceSet.AspNetCoreWithRuntime),
        options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

    public static TheoryData<string> Names => new(Constants().Select(static c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_ResolvesAgainstTheTargetingPacksAndTheRuntime(string constant)
    {
        var metadataName = Constants().Single(c => c.Name == constant).Value;
        var resolved = KnownTypes.For(Application.Value).Get(metadataName);

        if (FromOtherPackages.TryGetValue(constant, out var package))
        {
            // Still unresolvable here: a type that became resolvable belongs in the checked names.
            Assert.True(resolved is null, $"TypeNames.{constant} ({metadataName}) now resolves; remove it from the exceptions ({package}).");
        }
        else
        {
            Assert.True(resolved is not null, $"TypeNames.{constant} ({metadataName}) does not resolve against the targeting packs and Compliance.Runtime.");
        }
    }

    [Fact]
    public void Exceptions_NameExistingConstants_InTheirPackagesNamespace()
    {
        var constants = Constants().ToDictionary(static c => c.Name, static c => c.Value, StringComparer.Ordinal);
        Assert.All(FromOtherPackages, exception =>
        {
            Assert.True(constants.TryGetValue(exception.Key, out var metadataName), $"{exception.Key} is not a TypeNames constant.");
            Assert.StartsWith(exception.Value.Replace(".Abstractions", "", StringComparison.Ordinal) + ".", metadataName, StringComparison.Ordinal);
        });
    }

    private static IEnumerable<(string Name, string Value)> Constants()
        => typeof(TypeNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static f => f is { IsLiteral: true, FieldType: var type } && type == typeof(string))
            .Select(static f => (f.Name, (string)f.GetRawConstantValue()!))
            .OrderBy(static c => c.Name, StringComparer.Ordinal);
}
