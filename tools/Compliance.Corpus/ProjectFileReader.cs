using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Compliance.Corpus;

/// <summary>
/// Reads a .csproj the way the SDK would for what the analyzers need, without MSBuild: the default
/// <c>**/*.cs</c> glob, <c>Compile Include/Remove</c> items (linked files, globs, <c>Exclude</c>),
/// imported shared projects (.projitems) and other imported project files, package, project and
/// framework references, and whether it is a web or a test project.
/// </summary>
/// <remarks>
/// Conditions are not evaluated: a conditional include is kept and a conditional remove is ignored, so
/// the reader errs towards analysing too much, and says so in <see cref="CorpusProject.Notes"/>. Item
/// paths are relative to the project folder, also inside an imported file, as in MSBuild;
/// <c>$(MSBuildThisFileDirectory)</c> is the folder of the file being read.
/// </remarks>
internal static partial class ProjectFileReader
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "node_modules", ".git"];

    /// <summary>Packages whose reference makes a test project (the SDK's own rule is the test SDK package).</summary>
    private static readonly HashSet<string> TestPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.NET.Test.Sdk", "xunit", "xunit.core", "xunit.v3", "xunit.v3.core", "NUnit", "MSTest", "MSTest.TestFramework", "TUnit",
    };

    public static CorpusProject Read(string projectFile, ISet<string> projectDirectories, string root, bool inferFramework = true)
    {
        projectFile = Path.GetFullPath(projectFile);
        var directory = Path.GetDirectoryName(projectFile)!;
        var name = Path.GetFileNameWithoutExtension(projectFile);
        var state = new ReadState(directory, name);
        var document = LoadOrNull(projectFile);
        if (document is null)
        {
            state.Notes.Add("project file is not well-formed XML; default sources only");
        }

        var sdk = document?.Root?.Attribute("Sdk")?.Value ?? "";
        state.IsAspireHost = sdk.StartsWith("Aspire.AppHost.Sdk", StringComparison.OrdinalIgnoreCase)
            || document?.Root?.Elements().Any(static e => e.Name.LocalName == "Sdk" && (e.Attribute("Name")?.Value ?? "").StartsWith("Aspire.AppHost.Sdk", StringComparison.OrdinalIgnoreCase)) == true
            || document?.Descendants().Any(static e => e.Name.LocalName == "IsAspireHost" && e.Value.Trim() == "true") == true;
        if (document?.Root is { } projectRoot)
        {
            state.Visited.Add(projectFile);
            Walk(projectRoot, projectFile, state, conditional: false);
        }

        // Directory.Build.props of the project's folders (up to the root) add packages to every project
        // below them; only unconditional ones are taken, since they often add test packages under a
        // condition on the project's name.
        foreach (var props in AncestorFiles(directory, root, "Directory.Build.props"))
        {
            if (LoadOrNull(props)?.Root is { } propsRoot)
            {
                state.Packages.AddRange(propsRoot.Descendants()
                    .Where(static e => e.Name.LocalName == "PackageReference" && !IsConditional(e))
                    .Select(static e => e.Attribute("Include")?.Value)
                    .Where(static id => !string.IsNullOrEmpty(id))
                    .Select(static id => id!));
            }
        }

        var sources = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!IsFalse(state.Property("EnableDefaultCompileItems")) && !IsFalse(state.Property("EnableDefaultItems")))
        {
            // A project owns the sources below it, except those of nested projects.
            foreach (var file in EnumerateFiles(directory, "*.cs").Where(file => OwningProjectDirectory(file, projectDirectories) == directory))
            {
                if (seen.Add(file))
                {
                    sources.Add(file);
                }
            }
        }

        foreach (var item in state.CompileItems)
        {
            if (item.Remove)
            {
                sources.RemoveAll(file => item.Patterns.Any(pattern => Matches(pattern, file)));
                seen.RemoveWhere(file => item.Patterns.Any(pattern => Matches(pattern, file)));
                continue;
            }

            foreach (var file in item.Patterns.SelectMany(pattern => Expand(pattern, state)))
            {
                if (!item.Excludes.Any(pattern => Matches(pattern, file)) && seen.Add(file))
                {
                    sources.Add(file);
                }
            }
        }

        var prefix = directory + Path.DirectorySeparatorChar;
        var shared = sources.Where(file => !file.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        var isWebSdk = sdk.Contains("Web", StringComparison.OrdinalIgnoreCase);
        var webReason = isWebSdk ? $"Sdk {sdk}"
            : state.Frameworks.Contains("Microsoft.AspNetCore.App", StringComparer.OrdinalIgnoreCase) ? "FrameworkReference Microsoft.AspNetCore.App"
            : inferFramework && state.Packages.FirstOrDefault(CarriesAspNetCore) is { } carrier ? $"package {carrier}"
            : null;

        var implicitUsings = !IsFalse(state.Property("ImplicitUsings"));
        var additional = new List<string>();
        additional.AddRange(System.IO.Directory.GetFiles(directory, "appsettings*.json"));
        additional.AddRange(new[] { Path.Combine(directory, "Properties", "launchSettings.json"), Path.Combine(directory, "web.config") }.Where(File.Exists));
        var wwwroot = Path.Combine(directory, "wwwroot");
        if (System.IO.Directory.Exists(wwwroot))
        {
            additional.AddRange(EnumerateFiles(wwwroot, "*.json"));
        }

        return new CorpusProject(
            projectFile,
            name,
            directory,
            webReason,
            TestReason(name, sdk, state),
            implicitUsings,
            sources,
            shared,
            additional,
            state.Packages.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            state.ProjectReferences.Distinct(StringComparer.Ordinal).ToList(),
            state.DefineConstants.Distinct(StringComparer.Ordinal).ToList(),
            state.Notes.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// A test project: <c>IsTestProject</c> is true, or it references a test framework or the test SDK,
    /// or a dot-separated part of its name is <c>Test</c>, <c>Tests</c> or ends with <c>Tests</c>
    /// (<c>App.Tests</c>, <c>App.UnitTests</c>, <c>App.IntegrationTests</c>, <c>App.Tests.E2E</c>).
    /// Test helper libraries are named like tests, and their mocks and fixtures are test code too.
    /// </summary>
    internal static string? TestReason(string name, string sdk, ReadState state)
    {
        if (string.Equals(state.Property("IsTestProject"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return "IsTestProject";
        }

        if (sdk.StartsWith("MSTest.Sdk", StringComparison.OrdinalIgnoreCase))
        {
            return $"Sdk {sdk}";
        }

        if (state.Packages.FirstOrDefault(TestPackages.Contains) is { } package)
        {
            return $"references {package}";
        }

        return name.Split('.').Any(static part => part is "Test" or "Tests" || part.EndsWith("Tests", StringComparison.Ordinal))
            ? "named like a test project"
            : null;
    }

    /// <summary>
    /// Packages that bring the ASP.NET Core shared framework with them (through a framework reference in
    /// the package), so the SDK gives it to a class library that references them. Client-side packages
    /// (SignalR and HTTP-connection clients, Blazor WebAssembly) do not.
    /// </summary>
    internal static bool CarriesAspNetCore(string packageId)
    {
        var parts = packageId.Split('.');
        if (parts.Contains("Client", StringComparer.OrdinalIgnoreCase)
            || packageId.StartsWith("Microsoft.AspNetCore.Components.WebAssembly", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return packageId.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase)
            || parts.Skip(1).Contains("AspNetCore", StringComparer.OrdinalIgnoreCase)
            || packageId.Equals("Microsoft.Identity.Web", StringComparison.OrdinalIgnoreCase)
            || packageId.StartsWith("Asp.Versioning.Mvc", StringComparison.OrdinalIgnoreCase)
            || packageId.StartsWith("Asp.Versioning.Http", StringComparison.OrdinalIgnoreCase);
    }

    private static void Walk(XElement projectRoot, string file, ReadState state, bool conditional)
    {
        var thisDirectory = Path.GetDirectoryName(file)! + Path.DirectorySeparatorChar;
        foreach (var element in projectRoot.Descendants())
        {
            var isConditional = conditional || IsConditional(element);
            switch (element.Name.LocalName)
            {
                case var _ when element.Parent?.Name.LocalName == "PropertyGroup":
                    // The last unconditional assignment wins, as in MSBuild's first pass; conditional ones
                    // are only taken when nothing else sets the property.
                    var value = state.Evaluate(element.Value.Trim(), thisDirectory);
                    if (!isConditional || !state.Properties.ContainsKey(element.Name.LocalName))
                    {
                        state.Properties[element.Name.LocalName] = value;
                    }

                    if (element.Name.LocalName == "DefineConstants" && !isConditional)
                    {
                        state.DefineConstants.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Where(static symbol => SymbolPattern().IsMatch(symbol)));
                    }

                    break;
                case "Compile":
                    ReadCompile(element, thisDirectory, state, isConditional);
                    break;
                case "PackageReference" when element.Attribute("Include")?.Value is { Length: > 0 } id:
                    state.Packages.Add(id);
                    state.IsAspireHost |= id.Equals("Aspire.Hosting.AppHost", StringComparison.OrdinalIgnoreCase);
                    break;
                case "FrameworkReference" when element.Attribute("Include")?.Value is { Length: > 0 } framework:
                    state.Frameworks.Add(framework);
                    break;
                case "ProjectReference" when element.Attribute("Include")?.Value is { Length: > 0 } reference:
                    var evaluated = state.Evaluate(reference, thisDirectory);
                    // A reference that does not pass the assembly (an Aspire app host's service projects,
                    // build-order-only references) brings neither types nor the framework.
                    var outputAssembly = element.Attribute("ReferenceOutputAssembly")?.Value ?? element.Elements().FirstOrDefault(static e => e.Name.LocalName == "ReferenceOutputAssembly")?.Value;
                    if (!evaluated.Contains("$(", StringComparison.Ordinal) && !IsFalse(outputAssembly) && !state.IsAspireHost)
                    {
                        state.ProjectReferences.Add(FullPath(state.ProjectDirectory, evaluated));
                    }

                    break;
                case "Import" when element.Attribute("Project")?.Value is { Length: > 0 } import:
                    FollowImport(state.Evaluate(import, thisDirectory), state, isConditional);
                    break;
            }
        }
    }

    private static void FollowImport(string import, ReadState state, bool conditional)
    {
        if (import.Contains("$(", StringComparison.Ordinal) || import.Contains('*', StringComparison.Ordinal))
        {
            // SDK targets and property-driven imports are the SDK's business; shared projects are
            // imported by a plain relative path in practice.
            if (import.EndsWith(".projitems", StringComparison.OrdinalIgnoreCase))
            {
                state.Notes.Add($"shared project import not evaluated: {import}");
            }

            return;
        }

        var path = FullPath(state.ProjectDirectory, import);
        if (!File.Exists(path) || !state.Visited.Add(path))
        {
            return;
        }

        if (conditional)
        {
            state.Notes.Add($"conditional import followed: {Path.GetFileName(path)}");
        }

        if (LoadOrNull(path)?.Root is { } importedRoot)
        {
            Walk(importedRoot, path, state, conditional);
        }
    }

    private static void ReadCompile(XElement element, string thisDirectory, ReadState state, bool conditional)
    {
        var include = element.Attribute("Include")?.Value;
        var remove = element.Attribute("Remove")?.Value;
        if (include is null && remove is null)
        {
            return;
        }

        if (remove is not null && conditional)
        {
            // Inclusive: a remove that may not apply is not applied.
            state.Notes.Add("conditional Compile Remove ignored");
            return;
        }

        if (include is not null && conditional)
        {
            state.Notes.Add("conditional Compile Include kept");
        }

        var patterns = Patterns(include ?? remove!, thisDirectory, state);
        var excludes = Patterns(element.Attribute("Exclude")?.Value ?? "", thisDirectory, state);
        state.CompileItems.Add(new CompileItem(Remove: include is null, patterns, excludes));
    }

    private static List<string> Patterns(string value, string thisDirectory, ReadState state)
    {
        var patterns = new List<string>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var evaluated = state.Evaluate(part, thisDirectory);
            if (evaluated.Contains("$(", StringComparison.Ordinal) || evaluated.Contains("@(", StringComparison.Ordinal))
            {
                state.Notes.Add($"Compile path not evaluated: {part}");
                continue;
            }

            patterns.Add(FullPath(state.ProjectDirectory, evaluated));
        }

        return patterns;
    }

    private static IEnumerable<string> Expand(string pattern, ReadState state)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            if (File.Exists(pattern))
            {
                return [pattern];
            }

            state.Notes.Add($"Compile file not found: {pattern}");
            return [];
        }

        // Enumerate from the last folder before the first wildcard.
        var wildcard = pattern.IndexOfAny(['*', '?']);
        var baseDirectory = Path.GetDirectoryName(pattern[..wildcard] + "x")!;
        return System.IO.Directory.Exists(baseDirectory)
            ? EnumerateFiles(baseDirectory, "*").Where(file => Matches(pattern, file)).OrderBy(static f => f, StringComparer.Ordinal)
            : [];
    }

    /// <summary>Whether <paramref name="path"/> matches an MSBuild item pattern (full path; <c>**</c>, <c>*</c>, <c>?</c>).</summary>
    internal static bool Matches(string pattern, string path)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return string.Equals(pattern, path, StringComparison.Ordinal);
        }

        var separator = Regex.Escape(Path.DirectorySeparatorChar.ToString());
        var regex = "^" + Regex.Escape(pattern)
            .Replace(@"\*\*" + separator, "(?:.*" + separator + ")?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^" + separator + "]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^" + separator + "]", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(path, regex, RegexOptions.CultureInvariant);
    }

    internal static IEnumerable<string> EnumerateFiles(string root, string pattern)
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
            catch (Exception exception) when (exception is UnauthorizedAccessException or DirectoryNotFoundException)
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

    private static string? OwningProjectDirectory(string file, ISet<string> projectDirectories)
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

    private static IEnumerable<string> AncestorFiles(string directory, string root, string fileName)
    {
        var stop = Path.GetDirectoryName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar));
        for (var current = directory; current is not null && current != stop; current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, fileName);
            if (File.Exists(candidate))
            {
                yield return candidate;
            }
        }
    }

    private static string FullPath(string baseDirectory, string path)
        => Path.GetFullPath(Path.Combine(baseDirectory, path.Replace('\\', Path.DirectorySeparatorChar)));

    private static bool IsConditional(XElement element)
        => element.AncestorsAndSelf().Any(static e => e.Attribute("Condition") is not null);

    private static bool IsFalse(string? value) => string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase)
        || string.Equals(value?.Trim(), "disable", StringComparison.OrdinalIgnoreCase);

    private static XDocument? LoadOrNull(string path)
    {
        try
        {
            return XDocument.Load(path);
        }
        catch (Exception exception) when (exception is System.Xml.XmlException or IOException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_.\-]*)\)")]
    private static partial Regex PropertyPattern();

    internal sealed record CompileItem(bool Remove, IReadOnlyList<string> Patterns, IReadOnlyList<string> Excludes);

    /// <summary>What has been read so far from the project file and the files it imports.</summary>
    internal sealed class ReadState(string projectDirectory, string projectName)
    {
        public string ProjectDirectory { get; } = projectDirectory;

        public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<CompileItem> CompileItems { get; } = [];

        public List<string> Packages { get; } = [];

        public List<string> Frameworks { get; } = [];

        public List<string> ProjectReferences { get; } = [];

        public List<string> DefineConstants { get; } = [];

        public List<string> Notes { get; } = [];

        /// <summary>An Aspire app host references its services to start them, not to compile against them.</summary>
        public bool IsAspireHost { get; set; }

        public HashSet<string> Visited { get; } = new(StringComparer.Ordinal);

        public string? Property(string name) => Properties.GetValueOrDefault(name);

        /// <summary>Replaces the well-known properties and those the project set; unknown ones are left as they are.</summary>
        public string Evaluate(string value, string thisFileDirectory)
            => PropertyPattern().Replace(value, match => match.Groups[1].Value switch
            {
                "MSBuildThisFileDirectory" => thisFileDirectory,
                "MSBuildProjectDirectory" => ProjectDirectory,
                "MSBuildProjectName" => projectName,
                var other => Properties.TryGetValue(other, out var known) && !known.Contains("$(", StringComparison.Ordinal) ? known : match.Value,
            });
    }
}
