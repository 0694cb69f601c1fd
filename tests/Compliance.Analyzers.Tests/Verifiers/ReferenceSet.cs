using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>The metadata references a test compilation gets.</summary>
public enum ReferenceSet
{
    /// <summary>The net10.0 framework only.</summary>
    Net,

    /// <summary>net10.0 and the ASP.NET Core shared framework.</summary>
    AspNetCore,

    /// <summary>net10.0, ASP.NET Core and the Compliance.Runtime assembly (the default).</summary>
    AspNetCoreWithRuntime,
}

/// <summary>
/// Reference assemblies from the installed SDK's targeting packs (the highest version of
/// Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref), created once per test run and
/// shared, the way the SDK's testing library resolves its reference packages.
/// </summary>
public static class ReferenceAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Net = new(() => LoadPack("Microsoft.NETCore.App.Ref"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCore = new(() => Net.Value.AddRange(LoadPack("Microsoft.AspNetCore.App.Ref")));
    private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCoreWithRuntime = new(() =>
        AspNetCore.Value.Add(MetadataReference.CreateFromFile(typeof(Compliance.Runtime.PhiAttribute).Assembly.Location))
            .Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location)));

    public static ImmutableArray<MetadataReference> For(ReferenceSet set) => set switch
    {
        ReferenceSet.Net => Net.Value,
        ReferenceSet.AspNetCore => AspNetCore.Value,
        _ => AspNetCoreWithRuntime.Value,
    };

    /// <summary>The dotnet installation: DOTNET_ROOT, else three folders above the running runtime.</summary>
    public static string DotnetRoot()
    {
        var configured = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(Path.Combine(configured, "packs")))
        {
            return configured;
        }

        // typeof(object) lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
    }

    private static ImmutableArray<MetadataReference> LoadPack(string pack)
    {
        var packRoot = Path.Combine(DotnetRoot(), "packs", pack);
        if (!Directory.Exists(packRoot))
        {
            throw new InvalidOperationException($"The targeting pack {pack} was not found under {packRoot}. Install the .NET 10 SDK or set DOTNET_ROOT.");
        }

        var version = Directory.GetDirectories(packRoot)
            .OrderByDescending(static d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .First();
        var refDirectory = Directory.GetDirectories(Path.Combine(version, "ref"))
            .OrderByDescending(static d => d, StringComparer.Ordinal)
            .First();
        return Directory.GetFiles(refDirectory, "*.dll")
            .OrderBy(static p => p, StringComparer.Ordinal)
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
