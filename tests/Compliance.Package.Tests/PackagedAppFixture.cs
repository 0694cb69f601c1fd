using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace Compliance.Package.Tests;

/// <summary>
/// Packs every shipped package with the repository's local-feed script, from a copy of the
/// sources, under a version no cache has seen, then creates web applications from the real <c>dotnet new webapi</c> template that
/// reference the package, isolated from this repository's MSBuild files and with their own NuGet
/// cache: exactly what a user adopting the package does.
/// </summary>
public sealed class PackagedAppFixture : IAsyncLifetime
{
    /// <summary>An endpoint that writes a cookie with the framework's insecure defaults.</summary>
    public const string InsecureCookieEndpoint = """

        app.MapGet("/remember", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", "value");
            return Results.Ok();
        });

        """;

    /// <summary>A data type with an unclassified member named like a HIPAA identifier: CMP2006, an informational rule.</summary>
    public const string UnclassifiedIdentifierModel = """
        namespace Models;

        public sealed class PatientRecord
        {
            public int Id { get; set; }

            public string SocialSecurityNumber { get; set; } = "";
        }

        """;

    /// <summary>Every package tools/pack-local-feed.sh ships.</summary>
    public static readonly string[] ShippedPackages =
    [
        "Compliance.Analyzers", "Compliance.Runtime", "Compliance.Runtime.EntityFrameworkCore", "Compliance.Runtime.Sqlite", "Compliance.Runtime.PostgreSql", "Compliance.Runtime.Redis", "Compliance.AuditVerify",
    ];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "compliance-package-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>
    /// The environment every command runs with: a private NuGet cache, no build servers that could
    /// keep an old analyzer loaded, and no CI variables unless a test sets them (<paramref name="ci"/>
    /// for <c>CI=true</c>, or any in <paramref name="variables"/>).
    /// </summary>
    public Dictionary<string, string?> Environment(bool ci = false, IReadOnlyDictionary<string, string>? variables = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
        };
        foreach (var name in CiVariables)
        {
            environment[name] = null;
        }

        if (ci)
        {
            environment["CI"] = "true";
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Every variable the package reads as a sign of CI, so the machine's own never leak into a test.</summary>
    private static readonly string[] CiVariables =
    [
        "CI", "ContinuousIntegrationBuild", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "APPVEYOR",
        "JENKINS_URL", "TEAMCITY_VERSION", "CODEBUILD_BUILD_ID",
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);

        // Packs a copy of the sources, never the repository itself: a pack restores and builds into
        // the projects' obj/ folders, which the solution build running these tests shares.
        var sources = Path.Combine(Root, "sources");
        CopySources(RepositoryRoot(), sources);
        // Six packages and the report tool, built while other test classes build the samples:
        // longer than the bound of a single build.
        var pack = await ProcessRunner.RunAsync(sources, PackEnvironment(), TimeSpan.FromMinutes(15), "bash", "tools/pack-local-feed.sh", Feed, Version);
        Assert.True(pack.ExitCode == 0, "tools/pack-local-feed.sh failed: " + pack);

        // Isolation: nothing of this repository's MSBuild files or package sources may leak in.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="compliance-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>
    /// Creates a fresh project from <paramref name="template"/> (<c>webapi</c> unless told) referencing
    /// the analyzer package and any of the other packed packages named in <paramref name="otherPackages"/>,
    /// with extra code inserted before <c>app.Run();</c> in Program.cs.
    /// </summary>
    public async Task<string> CreateAppAsync(string name, string programAddition, string template = "webapi", params string[] otherPackages)
    {
        var directory = Path.Combine(Root, name);
        var create = await ProcessRunner.RunAsync(Root, Environment(), "dotnet", "new", template, "-n", name, "-o", directory, "--no-restore");
        Assert.True(create.ExitCode == 0, $"dotnet new {template} failed: " + create);

        var projectFile = Path.Combine(directory, name + ".csproj");
        var project = await File.ReadAllTextAsync(projectFile);
        project = project.Replace("</Project>", $"""
              <ItemGroup>
                <PackageReference Include="Compliance.Analyzers" Version="{Version}" PrivateAssets="all" />
            {string.Concat(otherPackages.Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{Version}\" />\n"))}  </ItemGroup>
            </Project>
            """, StringComparison.Ordinal);
        await File.WriteAllTextAsync(projectFile, project);

        var programFile = Path.Combine(directory, "Program.cs");
        var program = await File.ReadAllTextAsync(programFile);
        program = program.Replace("app.Run();", programAddition + "app.Run();", StringComparison.Ordinal);
        await File.WriteAllTextAsync(programFile, program);

        var restore = await ProcessRunner.RunAsync(directory, Environment(), "dotnet", "restore");
        Assert.True(restore.ExitCode == 0, "dotnet restore failed: " + restore);
        return directory;
    }

    public Task<ProcessResult> BuildAsync(string directory, bool ci = false, params string[] extraArguments)
        => BuildAsync(directory, Environment(ci), extraArguments);

    public Task<ProcessResult> BuildAsync(string directory, IReadOnlyDictionary<string, string?> environment, params string[] extraArguments)
        => ProcessRunner.RunAsync(directory, environment, "dotnet", ["build", "--no-restore", "-nodeReuse:false", .. extraArguments]);

    /// <summary>The <c>metadata</c> element of a package's nuspec.</summary>
    public XElement ReadNuspecMetadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(static e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Element(document.Root.Name.Namespace + "metadata")!;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The environment of the pack: the machine's usual NuGet cache (packing adds nothing to it that
    /// a test could pick up by mistake), and no build servers.
    /// </summary>
    private static Dictionary<string, string?> PackEnvironment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
    };

    /// <summary>What packing needs: the files at the top of the repository, <c>src/</c> and <c>tools/</c>, without build output.</summary>
    private static void CopySources(string repository, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(repository))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var folder in new[] { "src", "tools" })
        {
            CopyTree(Path.Combine(repository, folder), Path.Combine(destination, folder));
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(folder);
            if (name is not ("bin" or "obj"))
            {
                CopyTree(folder, Path.Combine(destination, name));
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Compliance.Analyzers.sln was not found above " + AppContext.BaseDirectory);
    }
}
