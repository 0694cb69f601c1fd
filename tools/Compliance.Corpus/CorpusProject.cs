using System.Xml.Linq;

namespace Compliance.Corpus;

/// <summary>What the runner reads from one .csproj: its sources, configuration files and package names.</summary>
internal sealed record CorpusProject(
    string ProjectFile,
    string Name,
    string Directory,
    bool IsWeb,
    bool ImplicitUsings,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> AdditionalFiles,
    IReadOnlyList<string> PackageNames,
    IReadOnlyList<string> ProjectReferences)
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "node_modules", ".git"];

    public static IEnumerable<CorpusProject> Discover(string root)
    {
        var projectFiles = EnumerateFiles(root, "*.csproj").ToList();
        var projectDirectories = projectFiles.Select(static p => Path.GetDirectoryName(p)!).ToHashSet(StringComparer.Ordinal);
        foreach (var projectFile in projectFiles.OrderBy(static p => p, StringComparer.Ordinal))
        {
            yield return Load(projectFile, projectDirectories);
        }
    }

    private static CorpusProject Load(string projectFile, HashSet<string> projectDirectories)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        XDocument? document = null;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (System.Xml.XmlException)
        {
            // A malformed project file still has sources worth analysing.
        }

        var sdk = document?.Root?.Attribute("Sdk")?.Value ?? "";
        var isWeb = sdk.Contains("Web", StringComparison.OrdinalIgnoreCase)
            || Elements(document, "FrameworkReference").Any(static e => e.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        var implicitUsings = !string.Equals(Elements(document, "ImplicitUsings").FirstOrDefault()?.Value, "disable", StringComparison.OrdinalIgnoreCase);
        var packages = Elements(document, "PackageReference")
            .Select(static e => e.Attribute("Include")?.Value)
            .Where(static name => !string.IsNullOrEmpty(name))
            .Select(static name => name!)
            .ToList();

        var projectReferences = Elements(document, "ProjectReference")
            .Select(static e => e.Attribute("Include")?.Value)
            .Where(static path => !string.IsNullOrEmpty(path))
            .Select(path => Path.GetFullPath(Path.Combine(directory, path!.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();

        // A project owns the sources below it, except those of nested projects.
        var sources = EnumerateFiles(directory, "*.cs")
            .Where(file => OwningProjectDirectory(file, projectDirectories) == directory)
            .ToList();

        var additional = new List<string>();
        additional.AddRange(System.IO.Directory.GetFiles(directory, "appsettings*.json"));
        additional.AddRange(ExistingFiles(Path.Combine(directory, "Properties", "launchSettings.json"), Path.Combine(directory, "web.config")));
        var wwwroot = Path.Combine(directory, "wwwroot");
        if (System.IO.Directory.Exists(wwwroot))
        {
            additional.AddRange(EnumerateFiles(wwwroot, "*.json"));
        }

        return new CorpusProject(projectFile, Path.GetFileNameWithoutExtension(projectFile), directory, isWeb, implicitUsings, sources, additional, packages, projectReferences);
    }

    private static IEnumerable<XElement> Elements(XDocument? document, string name)
        => document?.Descendants().Where(e => e.Name.LocalName == name) ?? [];

    private static IEnumerable<string> ExistingFiles(params string[] paths) => paths.Where(File.Exists);

    private static string? OwningProjectDirectory(string file, HashSet<string> projectDirectories)
    {
        for (var directory = Path.GetDirectoryName(file); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (projectDirectories.Contains(directory))
            {
                return directory;
            }
        }

        return null;
    }

    private static IEnumerable<string> EnumerateFiles(string root, string pattern)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            string[] files, subdirectories;
            try
            {
                files = System.IO.Directory.GetFiles(directory, pattern);
                subdirectories = System.IO.Directory.GetDirectories(directory);
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var subdirectory in subdirectories)
            {
                if (!IgnoredFolders.Contains(Path.GetFileName(subdirectory), StringComparer.OrdinalIgnoreCase))
                {
                    pending.Push(subdirectory);
                }
            }
        }
    }
}
