using Compliance.Corpus;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// The corpus runner reads project files without MSBuild (docs/precision.md is measured with it): it
/// must see the whole application — shared projects and linked files — leave test projects out, and
/// give the ASP.NET Core shared framework to libraries that get it through their packages or
/// references, or the endpoint rules see no controllers.
/// </summary>
public sealed class CorpusProjectReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("corpus-reader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SharedProjectItems_AreCompiledIntoEveryImportingProject_Once()
    {
        Write("Shared/Shared.projitems", """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup>
                <Compile Include="$(MSBuildThisFileDirectory)Controllers\PatientController.cs" />
                <Compile Include="$(MSBuildThisFileDirectory)Models\**\*.cs" Exclude="$(MSBuildThisFileDirectory)Models\Old\*.cs" />
                <Compile Include="$(MSBuildThisFileDirectory)Controllers\PatientController.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("Shared/Shared.shproj", "<Project />");
        Write("Shared/Controllers/PatientController.cs", "class PatientController {}");
        Write("Shared/Models/Patient.cs", "class Patient {}");
        Write("Shared/Models/Deep/Observation.cs", "class Observation {}");
        Write("Shared/Models/Old/Legacy.cs", "class Legacy {}");
        Write("Shared/NotListed.cs", "class NotListed {}");
        Write("R4/R4.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><DefineConstants>R4;$(DefineConstants)</DefineConstants></PropertyGroup>
              <Import Project="..\Shared\Shared.projitems" Label="Shared" />
            </Project>
            """);
        Write("R4/Own.cs", "class Own {}");

        var project = Single("R4");

        Assert.Equal(
            ["R4/Own.cs", "Shared/Controllers/PatientController.cs", "Shared/Models/Deep/Observation.cs", "Shared/Models/Patient.cs"],
            Relative(project.Sources));
        Assert.Equal(3, project.SharedSources.Count);
        Assert.Equal(["R4"], project.DefineConstants);
    }

    [Fact]
    public void LinkedFiles_AreIncluded_AndFilesAlreadyInTheDefaultGlobAreNotCountedTwice()
    {
        Write("Other/Helper.cs", "class Helper {}");
        Write("Other/Generated.g.cs", "class Generated {}");
        Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <Compile Include="..\Other\Helper.cs" Link="Helpers\Helper.cs" />
                <Compile Include="$(MSBuildProjectDirectory)/Program.cs" />
                <Compile Include="../Other/*.cs" Exclude="../Other/*.g.cs" />
                <Compile Remove="Generated\**" />
                <Compile Include="..\Other\Missing.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("App/Program.cs", "class Program {}");
        Write("App/Generated/Skip.cs", "class Skip {}");

        var project = Single("App");

        Assert.Equal(["App/Program.cs", "Other/Helper.cs"], Relative(project.Sources));
        Assert.Contains(project.Notes, static note => note.StartsWith("Compile file not found", StringComparison.Ordinal));
    }

    [Fact]
    public void ConditionsThatCannotBeEvaluated_KeepTheFiles_AndSaySo()
    {
        Write("Other/Windows.cs", "class Windows {}");
        Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup Condition="'$(OS)' == 'Windows_NT'">
                <Compile Include="..\Other\Windows.cs" />
              </ItemGroup>
              <ItemGroup>
                <Compile Remove="Platform\*.cs" Condition="'$(Configuration)' == 'Release'" />
              </ItemGroup>
            </Project>
            """);
        Write("App/Platform/Linux.cs", "class Linux {}");

        var project = Single("App");

        Assert.Equal(["App/Platform/Linux.cs", "Other/Windows.cs"], Relative(project.Sources));
        Assert.Contains("conditional Compile Include kept", project.Notes);
        Assert.Contains("conditional Compile Remove ignored", project.Notes);
    }

    [Fact]
    public void DefaultItemsDisabled_OnlyListedFilesAreCompiled()
    {
        Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><EnableDefaultCompileItems>false</EnableDefaultCompileItems><SrcDir>Src</SrcDir></PropertyGroup>
              <ItemGroup><Compile Include="$(SrcDir)\**\*.cs" /></ItemGroup>
            </Project>
            """);
        Write("App/Src/A.cs", "class A {}");
        Write("App/Scratch.cs", "class Scratch {}");

        Assert.Equal(["App/Src/A.cs"], Relative(Single("App").Sources));
    }

    [Theory]
    [InlineData("Clinic.Api", "<PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup>", "IsTestProject")]
    [InlineData("Clinic.Api", """<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup>""", "references Microsoft.NET.Test.Sdk")]
    [InlineData("Clinic.Api", """<ItemGroup><PackageReference Include="xunit" Version="2.9.0" /></ItemGroup>""", "references xunit")]
    [InlineData("Clinic.Api", """<ItemGroup><PackageReference Include="NUnit" /></ItemGroup>""", "references NUnit")]
    [InlineData("Clinic.Api", """<ItemGroup><PackageReference Include="MSTest.TestFramework" /></ItemGroup>""", "references MSTest.TestFramework")]
    [InlineData("Clinic.Tests", "", "named like a test project")]
    [InlineData("Clinic.Test", "", "named like a test project")]
    [InlineData("Clinic.IntegrationTests", "", "named like a test project")]
    [InlineData("Clinic.Api.UnitTests", "", "named like a test project")]
    [InlineData("Clinic.Tests.E2E", "", "named like a test project")]
    [InlineData("Clinic.Api", "", null)]
    [InlineData("Clinic.Contests", "", null)]
    [InlineData("Clinic.Testing", "", null)]
    public void TestProjects_AreRecognised(string name, string body, string? reason)
    {
        Write($"{name}/{name}.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">{body}</Project>");
        Write($"{name}/A.cs", "class A {}");

        Assert.Equal(reason, Single(name).TestReason);
    }

    [Fact]
    public void TestPackagesAddedUnderAConditionInDirectoryBuildProps_DoNotMakeEveryProjectATest()
    {
        Write("Directory.Build.props", """
            <Project>
              <ItemGroup Condition="$(MSBuildProjectName.Contains('Test'))"><PackageReference Include="xunit" /></ItemGroup>
              <ItemGroup><PackageReference Include="Swashbuckle.AspNetCore" /></ItemGroup>
            </Project>
            """);
        Write("Api/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Write("Api/A.cs", "class A {}");

        var project = Single("Api");

        Assert.Null(project.TestReason);
        Assert.Equal("package Swashbuckle.AspNetCore", project.WebReason);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Mvc.Core", true)]
    [InlineData("Microsoft.AspNetCore.Authentication.JwtBearer", true)]
    [InlineData("Swashbuckle.AspNetCore", true)]
    [InlineData("Serilog.AspNetCore", true)]
    [InlineData("Microsoft.Identity.Web", true)]
    [InlineData("Asp.Versioning.Mvc.ApiExplorer", true)]
    [InlineData("Microsoft.AspNetCore.SignalR.Client", false)]
    [InlineData("Microsoft.AspNetCore.Components.WebAssembly", false)]
    [InlineData("AspNetCore.HealthChecks.SqlServer", false)]
    [InlineData("Microsoft.Extensions.Http", false)]
    [InlineData("Newtonsoft.Json", false)]
    public void PackagesThatCarryTheSharedFramework_AreRecognised(string package, bool carries)
        => Assert.Equal(carries, ProjectFileReader.CarriesAspNetCore(package));

    [Fact]
    public void SharedFramework_IsInferredFromPackages_AndFlowsThroughProjectReferences()
    {
        Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        Write("Web/Program.cs", "class Program {}");
        Write("Api/Api.csproj", """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Microsoft.AspNetCore.Mvc.Core" /></ItemGroup></Project>""");
        Write("Api/A.cs", "class A {}");
        Write("Host/Host.csproj", """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="..\Lib\Lib.csproj" /></ItemGroup></Project>""");
        Write("Host/H.cs", "class H {}");
        Write("Lib/Lib.csproj", """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="..\Api\Api.csproj" /></ItemGroup></Project>""");
        Write("Lib/L.cs", "class L {}");
        Write("Plain/Plain.csproj", """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Newtonsoft.Json" /></ItemGroup></Project>""");
        Write("Plain/P.cs", "class P {}");
        Write("AppHost/AppHost.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><PackageReference Include="Aspire.Hosting.AppHost" /><ProjectReference Include="..\Web\Web.csproj" /></ItemGroup>
            </Project>
            """);
        Write("AppHost/Program.cs", "class Program {}");

        var projects = CorpusProject.Discover(_root).ToDictionary(static p => p.Name);

        Assert.Equal("Sdk Microsoft.NET.Sdk.Web", projects["Web"].WebReason);
        Assert.Equal("package Microsoft.AspNetCore.Mvc.Core", projects["Api"].WebReason);
        Assert.Equal("references Api", projects["Lib"].WebReason);
        Assert.Equal("references Lib", projects["Host"].WebReason);
        Assert.Null(projects["Plain"].WebReason);
        Assert.Null(projects["AppHost"].WebReason);

        var uninferred = CorpusProject.Discover(_root, inferFramework: false).ToDictionary(static p => p.Name);
        Assert.True(uninferred["Web"].IsWeb);
        Assert.False(uninferred["Api"].IsWeb);
        Assert.False(uninferred["Host"].IsWeb);
    }

    [Fact]
    public void GlobPatterns_MatchLikeMSBuild()
    {
        var s = Path.DirectorySeparatorChar;
        Assert.True(ProjectFileReader.Matches($"{s}a{s}**{s}*.cs", $"{s}a{s}b.cs"));
        Assert.True(ProjectFileReader.Matches($"{s}a{s}**{s}*.cs", $"{s}a{s}x{s}y{s}b.cs"));
        Assert.False(ProjectFileReader.Matches($"{s}a{s}*.cs", $"{s}a{s}x{s}b.cs"));
        Assert.True(ProjectFileReader.Matches($"{s}a{s}b?.cs", $"{s}a{s}b1.cs"));
        Assert.False(ProjectFileReader.Matches($"{s}a{s}**{s}*.generated.cs", $"{s}a{s}x{s}b.cs"));
    }

    private CorpusProject Single(string name) => Assert.Single(CorpusProject.Discover(_root), p => p.Name == name);

    private string[] Relative(IEnumerable<string> paths)
        => paths.Select(p => Path.GetRelativePath(_root, p).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToArray();

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
