using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Tooling;

/// <summary>
/// The reference assemblies of the installed .NET SDK's targeting packs: what a build of a net10.0
/// application (Microsoft.NETCore.App.Ref) or an ASP.NET Core application (plus
/// Microsoft.AspNetCore.App.Ref) compiles against. The highest installed version of each pack is
/// used. Each pack is read once per process and its references are shared, because reading the
/// metadata of some two hundred assemblies again for every in-memory compilation would dominate a
/// test run.
/// </summary>
public static class TargetingPacks
{
    /// <summary>The net10.0 targeting pack.</summary>
    public const string NetCorePack = "Microsoft.NETCore.App.Ref";

    /// <summary>The ASP.NET Core targeting pack.</summary>
    public const string AspNetCorePack = "Microsoft.AspNetCore.App.Ref";

    private static readonly ConcurrentDictionary<string, Lazy<ImmutableArray<MetadataReference>>> Packs = new(StringComparer.Ordinal);

    private static readonly Lazy<ImmutableArray<MetadataReference>> NetAndAspNetCoreReferences = new(() => Net.AddRange(Load(AspNetCorePack)));

    /// <summary>The net10.0 framework's reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> Net => Load(NetCorePack);

    /// <summary>The net10.0 and the ASP.NET Core frameworks' reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> NetAndAspNetCore => NetAndAspNetCoreReferences.Value;

    /// <summary>The reference assemblies of one targeting pack, sorted by file name.</summary>
    /// <exception cref="InvalidOperationException">The pack is not installed.</exception>
    public static ImmutableArray<MetadataReference> Load(string pack)
        => Packs.GetOrAdd(pack, static name => new Lazy<ImmutableArray<MetadataReference>>(() => Read(name))).Value;

    /// <summary>
    /// The folder of a pack's reference assemblies: <c>packs/&lt;pack&gt;/&lt;highest version&gt;/ref/&lt;highest framework&gt;</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pack is not installed.</exception>
    public static string ReferenceDirectory(string pack)
    {
        var packRoot = Path.Combine(DotnetRoot(), "packs", pack);
        if (!Directory.Exists(packRoot))
        {
            throw new InvalidOperationException($"The targeting pack {pack} was not found under {packRoot}. Install the .NET 10 SDK or set DOTNET_ROOT.");
        }

        // Versions such as 10.0.0-rc.2 sort by their numeric part; a folder that is not a version sorts last.
        var version = Directory.GetDirectories(packRoot)
            .OrderByDescending(static folder => Version.TryParse(Path.GetFileName(folder).Split('-')[0], out var parsed) ? parsed : new Version(0, 0))
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"The targeting pack folder {packRoot} holds no version.");
        var refRoot = Path.Combine(version, "ref");
        return Directory.Exists(refRoot)
            ? Directory.GetDirectories(refRoot).OrderByDescending(static folder => folder, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException($"The targeting pack folder {refRoot} holds no framework.")
            : throw new InvalidOperationException($"The targeting pack {pack} {Path.GetFileName(version)} has no ref folder.");
    }

    /// <summary>The dotnet installation: DOTNET_ROOT when it has packs, else three folders above the running runtime.</summary>
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

    private static ImmutableArray<MetadataReference> Read(string pack)
        => Directory.GetFiles(ReferenceDirectory(pack), "*.dll")
            .OrderBy(static path => path, StringComparer.Ordinal)
            .Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
