using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Overhead;

/// <summary>The generated application's references: the SDK's targeting packs and Compliance.Runtime.</summary>
internal static class References
{
    public static ImmutableArray<MetadataReference> Load()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var packRoot = Path.Combine(root, "packs", pack);
            var version = Directory.GetDirectories(packRoot).OrderByDescending(static d => Version.Parse(Path.GetFileName(d).Split('-')[0])).First();
            var refDirectory = Directory.GetDirectories(Path.Combine(version, "ref")).OrderByDescending(static d => d, StringComparer.Ordinal).First();
            builder.AddRange(Directory.GetFiles(refDirectory, "*.dll").Select(static path => MetadataReference.CreateFromFile(path)));
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(Compliance.Runtime.PhiAttribute).Assembly.Location));
        // [Phi]/[Pii] derive from the platform's DataClassificationAttribute.
        builder.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location));
        return builder.ToImmutable();
    }
}
