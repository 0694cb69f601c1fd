using System.Collections.Immutable;
using Compliance.Tooling;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// What test compilations reference: the installed SDK's targeting packs (read once per run by
/// <see cref="TargetingPacks"/>) and, for most tests, the Compliance.Runtime assembly.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> WithRuntime = new(() =>
        TargetingPacks.NetAndAspNetCore.Add(MetadataReference.CreateFromFile(typeof(Compliance.Runtime.PhiAttribute).Assembly.Location))
            // [Phi]/[Pii] derive from the platform's DataClassificationAttribute.
            .Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location)));

    /// <summary>
    /// The testing library's reference set for every test: net10.0 with no reference package, so it
    /// resolves nothing and downloads nothing. The library's own sets (ReferenceAssemblies.Net.*)
    /// fetch their packages from a feed, which tests must not touch; the framework's assemblies come
    /// from <see cref="For"/> instead, as the test project's additional references.
    /// </summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> For(ReferenceSet set) => set switch
    {
        ReferenceSet.Net => TargetingPacks.Net,
        ReferenceSet.AspNetCore => TargetingPacks.NetAndAspNetCore,
        _ => WithRuntime.Value,
    };
}
