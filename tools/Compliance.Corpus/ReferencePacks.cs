using Microsoft.CodeAnalysis;

namespace Compliance.Corpus;

/// <summary>
/// Reference assemblies of the installed SDK's targeting packs (Microsoft.NETCore.App.Ref and
/// Microsoft.AspNetCore.App.Ref, highest version), loaded once.
/// </summary>
internal static class ReferencePacks
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> NetCore = new(() => Load("Microsoft.NETCore.App.Ref"));
    private static readonly Lazy<IReadOnlyList<MetadataReference>> AspNetCore = new(() => Load("Microsoft.AspNetCore.App.Ref"));

    public static IReadOnlyList<MetadataReference> For(bool web)
        => web ? NetCore.Value.Concat(AspNetCore.Value).ToList() : NetCore.Value;

    private static IReadOnlyList<MetadataReference> Load(string pack)
    {
        var packRoot = Path.Combine(DotnetRoot(), "packs", pack);
        var version = Directory.GetDirectories(packRoot)
            .Select(Path.GetFileName)
            .OrderByDescending(static v => Version.TryParse(v!.Split('-')[0], out var parsed) ? parsed : new Version(0, 0))
            .First()!;
        var refDirectory = Directory.GetDirectories(Path.Combine(packRoot, version, "ref")).OrderByDescending(static d => d, StringComparer.Ordinal).First();
        return Directory.GetFiles(refDirectory, "*.dll").Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
    }

    private static string DotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "packs")))
        {
            return fromEnvironment;
        }

        // typeof(object) lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
    }
}
