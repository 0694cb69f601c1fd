namespace Compliance.Corpus;

/// <summary>What the runner reads from one .csproj: its sources, configuration files and package names.</summary>
/// <param name="WebReason">Why the project gets the ASP.NET Core shared framework, or null when it does not.</param>
/// <param name="TestReason">Why the project is a test project, or null when it is not.</param>
/// <param name="SharedSources">The sources that come from outside the project folder: shared projects (.projitems) and linked files.</param>
/// <param name="DefineConstants">Preprocessor symbols the project defines unconditionally.</param>
/// <param name="Notes">What the reader could not evaluate and how it decided (it includes rather than drops).</param>
internal sealed record CorpusProject(
    string ProjectFile,
    string Name,
    string Directory,
    string? WebReason,
    string? TestReason,
    bool ImplicitUsings,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> SharedSources,
    IReadOnlyList<string> AdditionalFiles,
    IReadOnlyList<string> PackageNames,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> DefineConstants,
    IReadOnlyList<string> Notes)
{
    public bool IsWeb => WebReason is not null;

    public bool IsTest => TestReason is not null;

    /// <summary>
    /// Every project below <paramref name="root"/>. With <paramref name="inferFramework"/>, a project also
    /// gets the ASP.NET Core shared framework when one of its packages carries it or when a project it
    /// references has it, as the SDK flows framework references through project references.
    /// </summary>
    public static IReadOnlyList<CorpusProject> Discover(string root, bool inferFramework = true)
    {
        var projectFiles = ProjectFileReader.EnumerateFiles(root, "*.csproj").OrderBy(static p => p, StringComparer.Ordinal).ToList();
        var projectDirectories = projectFiles.Select(static p => Path.GetDirectoryName(p)!).ToHashSet(StringComparer.Ordinal);
        var projects = projectFiles
            .Select(file => ProjectFileReader.Read(file, projectDirectories, root, inferFramework))
            .ToDictionary(static p => p.ProjectFile, StringComparer.Ordinal);
        return inferFramework ? InferWebThroughReferences(projects) : projects.Values.ToList();
    }

    private static List<CorpusProject> InferWebThroughReferences(Dictionary<string, CorpusProject> projects)
    {
        // Repeat until nothing changes: a chain of references carries the framework all the way.
        bool changed;
        do
        {
            changed = false;
            foreach (var project in projects.Values.Where(static p => !p.IsWeb).ToList())
            {
                var webReference = project.ProjectReferences
                    .Select(path => projects.GetValueOrDefault(path))
                    .FirstOrDefault(static referenced => referenced is { IsWeb: true });
                if (webReference is not null)
                {
                    projects[project.ProjectFile] = project with { WebReason = $"references {webReference.Name}" };
                    changed = true;
                }
            }
        }
        while (changed);

        return projects.Values.OrderBy(static p => p.ProjectFile, StringComparer.Ordinal).ToList();
    }
}
