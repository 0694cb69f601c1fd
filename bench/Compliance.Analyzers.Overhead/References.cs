using System.Collections.Immutable;
using Compliance.Tooling;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Overhead;

/// <summary>The generated application's references: the SDK's targeting packs and Compliance.Runtime.</summary>
internal static class References
{
    public static ImmutableArray<MetadataReference> Load()
        => TargetingPacks.NetAndAspNetCore.Add(MetadataReference.CreateFromFile(typeof(Compliance.Runtime.PhiAttribute).Assembly.Location))
            // [Phi]/[Pii] derive from the platform's DataClassificationAttribute.
            .Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location));
}
