using Microsoft.CodeAnalysis;

namespace Compliance.Corpus;

/// <summary>
/// Assemblies of NuGet packages already in the local package cache, looked up by package id. The
/// corpus is not restored, so a package that is not cached is simply missing and its uses become
/// compiler errors (counted, to show how loose the compilation was).
/// </summary>
internal sealed class PackageCache
{
    private static readonly string[] PreferredFrameworks =
        ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "netstandard2.1", "netstandard2.0", "netcoreapp3.1"];

    private readonly string _root;
    private readonly Dictionary<string, IReadOnlyList<MetadataReference>> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public PackageCache()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        _root = !string.IsNullOrEmpty(configured)
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    public IReadOnlyList<MetadataReference> AssembliesFor(IEnumerable<string> packageIds, ISet<string> alreadyReferenced)
    {
        var references = new List<MetadataReference>();
        foreach (var id in packageIds)
        {
            if (!_resolved.TryGetValue(id, out var assemblies))
            {
                assemblies = Resolve(id);
                _resolved[id] = assemblies;
            }

            foreach (var assembly in assemblies)
            {
                if (assembly is PortableExecutableReference { FilePath: { } path } && alreadyReferenced.Add(Path.GetFileName(path)))
                {
                    references.Add(assembly);
                }
            }
        }

        return references;
    }

    private IReadOnlyList<MetadataReference> Resolve(string id)
    {
        var packageDirectory = Path.Combine(_root, id.ToLowerInvariant());
        if (!Directory.Exists(packageDirectory))
        {
            return [];
        }

        var newest = Directory.GetDirectories(packageDirectory)
            .OrderByDescending(static d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .FirstOrDefault();
        var lib = newest is null ? null : Path.Combine(newest, "lib");
        if (lib is null || !Directory.Exists(lib))
        {
            return [];
        }

        foreach (var framework in PreferredFrameworks)
        {
            var candidate = Path.Combine(lib, framework);
            if (Directory.Exists(candidate))
            {
                return Directory.GetFiles(candidate, "*.dll").Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
            }
        }

        return [];
    }
}
