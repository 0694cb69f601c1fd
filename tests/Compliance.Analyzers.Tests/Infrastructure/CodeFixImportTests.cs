using Compliance.Analyzers.CodeFixes.Endpoints;
using Compliance.Analyzers.Tests.Endpoints;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using AuditFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.PhiEndpointAuditAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.AuditedCodeFixProvider>;
using DevelopmentFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Transport.DeveloperExceptionPageAnalyzer,
    Compliance.Analyzers.CodeFixes.Transport.DeveloperExceptionPageCodeFixProvider>;
using RandomFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Crypto.InsecureRandomnessAnalyzer,
    Compliance.Analyzers.CodeFixes.Crypto.InsecureRandomnessCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Infrastructure;

/// <summary>
/// The usings a fix adds come from Roslyn's import service, so the consumer's settings decide
/// where they go. Two fixes stand for the two kinds of import: a type name
/// (<c>RandomNumberGenerator</c>, CMP6002) and an extension method's namespace
/// (<c>env.IsDevelopment()</c> from Microsoft.Extensions.Hosting, CMP5006).
/// </summary>
public sealed class CodeFixImportTests
{
    private const string ComplianceBuilder = "Microsoft.Extensions.DependencyInjection.ComplianceBuilder";

    private const string CodesWithRandom = "\n" + """
        public class Codes
        {
            public string Otp() => {|#0:Random.Shared.Next(100000, 1000000)|}.ToString();
        }
        """;

    private const string QualifiedCodesWithRandom = "\n" + """
        public class Codes
        {
            public string Otp() => {|#0:System.Random.Shared.Next(100000, 1000000)|}.ToString();
        }
        """;

    private const string CodesWithGenerator = "\n" + """
        public class Codes
        {
            public string Otp() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString();
        }
        """;

    private const string Startup = "\n" + """
        public sealed class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                {|#0:app.UseDeveloperExceptionPage()|};
            }
        }
        """;

    private const string StartupInDevelopment = "\n" + """
        public sealed class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
            }
        }
        """;

    [Fact]
    public Task TypeName_SystemFirst_ByDefault()
        => RandomTest(
            """
            using Microsoft.AspNetCore.Http;

            """ + QualifiedCodesWithRandom,
            """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Http;

            """ + CodesWithGenerator).RunAsync();

    [Fact]
    public Task TypeName_SortedWithTheOthers_WhenSystemIsNotFirst()
        => RandomTest(
            """
            using Microsoft.AspNetCore.Http;

            """ + QualifiedCodesWithRandom,
            """
            using Microsoft.AspNetCore.Http;
            using System.Security.Cryptography;

            """ + CodesWithGenerator,
            "dotnet_sort_system_directives_first = false").RunAsync();

    [Fact]
    public Task ExtensionMethod_AfterSystem_ByDefault()
        => WithHostingImportedElsewhere(DevelopmentTest(
            """
            using System;

            """ + Startup,
            """
            using System;
            using Microsoft.Extensions.Hosting;

            """ + StartupInDevelopment)).RunAsync();

    [Fact]
    public Task ExtensionMethod_SortedWithTheOthers_WhenSystemIsNotFirst()
        => WithHostingImportedElsewhere(DevelopmentTest(
            """
            using System;

            """ + Startup,
            """
            using Microsoft.Extensions.Hosting;
            using System;

            """ + StartupInDevelopment,
            "dotnet_sort_system_directives_first = false")).RunAsync();

    [Fact]
    public Task TypeName_StartsItsOwnGroup_WhenGroupsAreSeparated()
        => RandomTest(
            """
            using Microsoft.AspNetCore.Http;

            """ + QualifiedCodesWithRandom,
            """
            using System.Security.Cryptography;

            using Microsoft.AspNetCore.Http;

            """ + CodesWithGenerator,
            "dotnet_separate_import_directive_groups = true").RunAsync();

    [Fact]
    public Task ExtensionMethod_StartsItsOwnGroup_WhenGroupsAreSeparated()
        => WithHostingImportedElsewhere(DevelopmentTest(
            """
            using Compliance.Runtime;

            """ + Startup,
            """
            using Compliance.Runtime;

            using Microsoft.Extensions.Hosting;

            """ + StartupInDevelopment,
            "dotnet_separate_import_directive_groups = true")).RunAsync();

    [Fact]
    public Task ExtensionMethod_JoinsTheList_WhenGroupsAreNotSeparated()
        => WithHostingImportedElsewhere(DevelopmentTest(
            """
            using Compliance.Runtime;

            """ + Startup,
            """
            using Compliance.Runtime;
            using Microsoft.Extensions.Hosting;

            """ + StartupInDevelopment)).RunAsync();

    [Fact]
    public Task TypeName_GoesInsideTheNamespace_WithTheUsingsThere()
        => RandomTest(
            """
            namespace Clinic
            {
                using System;

                public class Codes
                {
                    public string Otp() => {|#0:Random.Shared.Next(100000, 1000000)|}.ToString();
                }
            }
            """,
            """
            namespace Clinic
            {
                using System;
                using System.Security.Cryptography;

                public class Codes
                {
                    public string Otp() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString();
                }
            }
            """,
            "csharp_using_directive_placement = inside_namespace").RunAsync();

    [Fact]
    public Task ExtensionMethod_GoesInsideTheNamespace_WithTheUsingsThere()
        => DevelopmentTest(
            """
            namespace Clinic
            {
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;

                public sealed class Startup
                {
                    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                    {
                        {|#0:app.UseDeveloperExceptionPage()|};
                    }
                }
            }
            """,
            """
            namespace Clinic
            {
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.Extensions.Hosting;

                public sealed class Startup
                {
                    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                    {
                        if (env.IsDevelopment())
                        {
                            app.UseDeveloperExceptionPage();
                        }
                    }
                }
            }
            """,
            "csharp_using_directive_placement = inside_namespace").RunAsync();

    [Fact]
    public Task ExtensionMethod_GoesInsideTheNamespace_WhenPreferredAndTheFileHasNoUsings()
        => WithHostingImportedElsewhere(DevelopmentTest(
            """
            namespace Clinic
            {
                public sealed class Startup
                {
                    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                    {
                        {|#0:app.UseDeveloperExceptionPage()|};
                    }
                }
            }
            """,
            """
            namespace Clinic
            {
                using Microsoft.Extensions.Hosting;

                public sealed class Startup
                {
                    public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                    {
                        if (env.IsDevelopment())
                        {
                            app.UseDeveloperExceptionPage();
                        }
                    }
                }
            }
            """,
            "csharp_using_directive_placement = inside_namespace")).RunAsync();

    [Fact]
    public Task TypeName_GoesInsideAFileScopedNamespace_WhenPreferredAndTheFileHasNoUsings()
        => RandomTest(
            """
            namespace Clinic;

            public class Codes
            {
                public string Otp() => {|#0:System.Random.Shared.Next(100000, 1000000)|}.ToString();
            }
            """,
            """
            namespace Clinic;

            using System.Security.Cryptography;

            public class Codes
            {
                public string Otp() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString();
            }
            """,
            "csharp_using_directive_placement = inside_namespace").RunAsync();

    [Fact]
    public Task AlreadyImported_AddsNothing()
        => RandomTest(
            """
            using System;
            using System.Security.Cryptography;

            """ + CodesWithRandom,
            """
            using System;
            using System.Security.Cryptography;

            """ + CodesWithGenerator).RunAsync();

    [Fact]
    public Task ImportedByAGlobalUsingOfAnotherFile_AddsNothing()
    {
        var test = RandomTest(
            """
            using System;

            """ + CodesWithRandom,
            """
            using System;

            """ + CodesWithGenerator);
        AddSource(test, "/0/Usings.cs", "global using System.Security.Cryptography;\n");
        return test.RunAsync();
    }

    [Fact]
    public Task ExtensionMethod_ImportedByAGlobalUsingOfAnotherFile_AddsNothing()
    {
        var test = DevelopmentTest(Startup.TrimStart(), StartupInDevelopment.TrimStart());
        AddSource(test, "/0/Usings.cs", "global using Microsoft.AspNetCore.Builder;\nglobal using Microsoft.AspNetCore.Hosting;\nglobal using Microsoft.Extensions.Hosting;\n");
        return test.RunAsync();
    }

    [Fact]
    public Task StaticUsingOfAnotherType_IsNotTheImport()
        => RandomTest(
            """
            using System;
            using static System.Security.Cryptography.SHA256;

            """ + CodesWithRandom,
            """
            using System;
            using System.Security.Cryptography;
            using static System.Security.Cryptography.SHA256;

            """ + CodesWithGenerator).RunAsync();

    /// <summary>Roslyn's simplifier calls the member through a static using of its type, and then needs no using.</summary>
    [Fact]
    public Task StaticUsingOfTheType_IsUsed_AndNothingIsAdded()
        => RandomTest(
            """
            using System;
            using static System.Security.Cryptography.RandomNumberGenerator;

            """ + CodesWithRandom,
            """
            using System;
            using static System.Security.Cryptography.RandomNumberGenerator;

            public class Codes
            {
                public string Otp() => GetInt32(100000, 1000000).ToString();
            }
            """).RunAsync();

    [Fact]
    public Task AliasOfTheNamespace_IsNotTheImport()
        => RandomTest(
            """
            using System;
            using Crypto = System.Security.Cryptography;

            """ + CodesWithRandom,
            """
            using System;
            using System.Security.Cryptography;
            using Crypto = System.Security.Cryptography;

            """ + CodesWithGenerator).RunAsync();

    /// <summary>Roslyn's simplifier writes the type through an alias that names it, and then needs no using.</summary>
    [Fact]
    public Task AliasOfTheType_IsUsed_AndNothingIsAdded()
        => RandomTest(
            """
            using System;
            using Generator = System.Security.Cryptography.RandomNumberGenerator;

            """ + CodesWithRandom,
            """
            using System;
            using Generator = System.Security.Cryptography.RandomNumberGenerator;

            public class Codes
            {
                public string Otp() => Generator.GetInt32(100000, 1000000).ToString();
            }
            """).RunAsync();

    /// <summary>
    /// Fix All in document and solution scope (the framework also runs project scope) over two files,
    /// each with several findings: each file gets the using once, compiles and is formatted.
    /// </summary>
    [Fact]
    public async Task FixAll_AddsTheUsingOncePerFile()
    {
        const string First = """
            using System;

            public class Codes
            {
                public string Otp() => {|#0:Random.Shared.Next(100000, 1000000)|}.ToString();

                public int ResetCode() => {|#1:Random.Shared.Next(100000)|};
            }
            """;
        const string FirstFixed = """
            using System;
            using System.Security.Cryptography;

            public class Codes
            {
                public string Otp() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString();

                public int ResetCode() => RandomNumberGenerator.GetInt32(100000);
            }
            """;
        const string Second = """
            namespace Clinic;

            public class Tokens
            {
                public byte[] SessionToken()
                {
                    var sessionToken = new byte[32];
                    {|#2:System.Random.Shared.NextBytes(sessionToken)|};
                    return sessionToken;
                }

                public int MfaCode() => {|#3:System.Random.Shared.Next(1000000)|};
            }
            """;
        const string SecondFixed = """
            using System.Security.Cryptography;

            namespace Clinic;

            public class Tokens
            {
                public byte[] SessionToken()
                {
                    var sessionToken = new byte[32];
                    RandomNumberGenerator.Fill(sessionToken);
                    return sessionToken;
                }

                public int MfaCode() => RandomNumberGenerator.GetInt32(1000000);
            }
            """;

        foreach (var scope in new[] { CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck, CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck })
        {
            var test = new RandomFix.Test
            {
                TestState =
                {
                    Sources = { ("/0/Codes.cs", First), ("/0/Tokens.cs", Second) },
                    ExpectedDiagnostics =
                    {
                        RandomFix.Diagnostic().WithLocation(0).WithArguments("Otp"),
                        RandomFix.Diagnostic().WithLocation(1).WithArguments("ResetCode"),
                        RandomFix.Diagnostic().WithLocation(2).WithArguments("sessionToken"),
                        RandomFix.Diagnostic().WithLocation(3).WithArguments("MfaCode"),
                    },
                },
                FixedState = { Sources = { ("/0/Codes.cs", FirstFixed), ("/0/Tokens.cs", SecondFixed) } },
                CodeFixTestBehaviors = scope,
            };
            await test.RunAsync();
        }
    }

    /// <summary>
    /// An extension method appended to a call of the document is written by the simplifier from its
    /// static form; only the generated call and names are simplified, so the call it receives keeps
    /// its text (the cast and the qualified name included).
    /// </summary>
    [Fact]
    public async Task ExtensionMethod_LeavesTheReceiverAsWritten()
    {
        var source = """
            using System;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapGet|}((string)"/patients/{id}", (int id, PatientStore store) => store.Find(System.Math.Max(id, 0)));
                }
            }
            """;
        var fixedSource = """
            using System;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet((string)"/patients/{id}", (int id, PatientStore store) => store.Find(System.Math.Max(id, 0))).Audited();
                }
            }
            """;

        await new AuditFix.Test
        {
            TestState =
            {
                Sources = { source, PhiEndpointAuditAnalyzerTests.Models },
                ExpectedDiagnostics = { AuditFix.Diagnostic().WithLocation(0).WithArguments("'GET /patients/{id}'", "it handles PHI (it returns Patient, which holds Patient.Ssn ([Phi]))") },
            },
            FixedState = { Sources = { fixedSource, PhiEndpointAuditAnalyzerTests.Models } },
            CodeActionEquivalenceKey = AuditedCodeFixProvider.AddAuditedKey,
        }.RunAsync();
    }

    /// <summary>The runtime-registration fix chains each feature through its extension class; each class declares the feature on ComplianceBuilder.</summary>
    [Fact]
    public void FeatureExtensionClasses_DeclareTheirFeatureOnComplianceBuilder()
    {
        var compilation = CSharpCompilation.Create("Application", references: TestReferences.For(ReferenceSet.AspNetCoreWithRuntime));
        var builder = compilation.GetTypeByMetadataName(ComplianceBuilder);
        Assert.NotNull(builder);
        Assert.All(ComplianceRuntimeCodeFixProvider.FeatureExtensions, feature =>
        {
            var type = compilation.GetTypeByMetadataName(feature.Value);
            Assert.True(type is not null, $"{feature.Value} does not resolve against the runtime.");
            Assert.Contains(type!.GetMembers(feature.Key), member => member is IMethodSymbol { IsExtensionMethod: true } method && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, builder));
        });
    }

    private static RandomFix.Test RandomTest(string source, string fixedSource, string? editorConfig = null)
        => WithEditorConfig(
            new RandomFix.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                ExpectedDiagnostics = { RandomFix.Diagnostic().WithLocation(0).WithArguments("Otp") },
            },
            editorConfig);

    private static DevelopmentFix.Test DevelopmentTest(string source, string fixedSource, string? editorConfig = null)
        => WithEditorConfig(
            new DevelopmentFix.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                ExpectedDiagnostics = { DevelopmentFix.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()") },
            },
            editorConfig);

    /// <summary>The consumer's setting, in a <c>[*.cs]</c> section of the project's .editorconfig.</summary>
    private static TTest WithEditorConfig<TTest>(TTest test, string? setting)
        where TTest : AnalyzerTest<DefaultVerifier>
    {
        if (setting is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", SourceText.From("root = true\n\n[*.cs]\n" + setting + "\n")));
        }

        return test;
    }

    /// <summary>The test with a second file importing what <see cref="Startup"/> needs besides the fix's namespace.</summary>
    private static DevelopmentFix.Test WithHostingImportedElsewhere(DevelopmentFix.Test test)
    {
        AddSource(test, "/0/Usings.cs", "global using Microsoft.AspNetCore.Builder;\nglobal using Microsoft.AspNetCore.Hosting;\n");
        return test;
    }

    private static void AddSource<TTest>(TTest test, string path, string source)
        where TTest : CodeFixTest<DefaultVerifier>
    {
        test.TestState.Sources.Add((path, source));
        test.FixedState.Sources.Add((path, source));
    }
}
