using System.Globalization;

namespace Compliance.Package.Tests;

/// <summary>
/// Packs Compliance.Analyzers and Compliance.Runtime into a local feed under a version no cache
/// has seen, then creates web applications from the real <c>dotnet new webapi</c> template that
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

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "compliance-package-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>
    /// The environment every command runs with: a private NuGet cache, no build servers that could
    /// keep an old analyzer loaded, and CI variables removed unless a test sets them.
    /// </summary>
    public Dictionary<string, string?> Environment(bool ci = false) => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-cache"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
        ["CI"] = ci ? "true" : null,
        ["ContinuousIntegrationBuild"] = null,
        ["TF_BUILD"] = null,
        ["GITHUB_ACTIONS"] = null,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var repository = RepositoryRoot();
        foreach (var project in new[] { "src/Compliance.Analyzers.Package/Compliance.Analyzers.Package.csproj", "src/Compliance.Runtime/Compliance.Runtime.csproj" })
        {
            var pack = await ProcessRunner.RunAsync(repository, Environment(), "dotnet", "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-p:UseSharedCompilation=false");
            Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack);
        }

        // Isolation: nothing of this repository's MSBuild files or package sources may leak in.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="compliance-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>
    /// Creates a fresh project from <paramref name="template"/> (<c>webapi</c> unless told) referencing
    /// the analyzers package, and Compliance.Runtime too when <paramref name="referenceRuntime"/>,
    /// with extra code inserted before <c>app.Run();</c> in Program.cs.
    /// </summary>
    public async Task<string> CreateAppAsync(string name, string programAddition, string template = "webapi", bool referenceRuntime = false)
    {
        var directory = Path.Combine(Root, name);
        var create = await ProcessRunner.RunAsync(Root, Environment(), "dotnet", "new", template, "-n", name, "-o", directory, "--no-restore");
        Assert.True(create.ExitCode == 0, $"dotnet new {template} failed: " + create);
        var runtimeReference = referenceRuntime ? $"""

                <PackageReference Include="Compliance.Runtime" Version="{Version}" />
            """ : "";

        var projectFile = Path.Combine(directory, name + ".csproj");
        var project = await File.ReadAllTextAsync(projectFile);
        project = project.Replace("</Project>", $"""
              <ItemGroup>
                <PackageReference Include="Compliance.Analyzers" Version="{Version}" PrivateAssets="all" />{runtimeReference}
              </ItemGroup>
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
        => ProcessRunner.RunAsync(directory, Environment(ci), "dotnet", ["build", "--no-restore", "-nodeReuse:false", .. extraArguments]);

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
