using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Compliance.Analyzers.Tests.Infrastructure;

/// <summary>
/// The call-site index reads the files' text and resolves candidates in the syntax: every shape
/// <see cref="SyntaxNames.Invoked"/> names is found, and nothing that only looks like a call.
/// </summary>
public class InvocationIndexTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;

        public static class Routes
        {
            public static T MapPatients<T>(this T app) => app;
            public static int Count(int x) => x;

            public static void Use(Func<int, int> f, List<int> list, Routes? r)
            {
                object app = new();
                app.MapPatients();                         // x.M()
                app.MapPatients<object>();                 // M<T>()
                app
                    .MapPatients
                    ();                                    // across lines
                Routes.@MapPatients(app);                  // verbatim identifier
                app?.ToString()?.MapPatients();            // ?.M()
                // MapPatients( in a comment is not a call
                var s = "MapPatients(";                    // nor is a string
                Func<object, object> g = MapPatients;      // a method group is not invoked
                var n = nameof(MapPatients);
                /* MapPatients( */ Count(1);
                MapPatients /* between */ (app);
                var t = $"{app.MapPatients()}";            // inside an interpolation
            }
        }
        """;

    [Fact]
    public void FindsEveryInvocationShape_AndNothingElse()
    {
        var index = new InvocationIndex(Compile(Source));

        var lines = Lines(index.Named("MapPatients"));

        Assert.Equal(new[] { 12, 13, 14, 17, 18, 24, 25 }, lines);
        Assert.Single(index.Named("Count"));
        Assert.Empty(index.Named("Missing"));
    }

    [Fact]
    public void AFileWithAUnicodeEscape_IsIndexedFromItsSyntax()
    {
        // \u004D is 'M': the text spells a different name than the identifier's.
        var source = """
            public static class Routes
            {
                public static void MapPatients() { }
                public static void Before() { MapPatients(); }
                public static void Use() { \u004DapPatients(); var s = "\u00e9"; }
            }
            """;

        var index = new InvocationIndex(Compile(source));

        Assert.Equal(new[] { 4, 5 }, Lines(index.Named("MapPatients")));
    }

    [Fact]
    public void IndexesEveryFile()
    {
        var compilation = CSharpCompilation.Create(
            "Index",
            new[] { CSharpSyntaxTree.ParseText("class A { void M() { N(); } void N() { } }"), CSharpSyntaxTree.ParseText("class B { void M(A a) { Helper(); Helper(); } void Helper() { } }") });

        var index = new InvocationIndex(compilation);

        Assert.Single(index.Named("N"));
        Assert.Equal(2, index.Named("Helper").Length);
    }

    private static Compilation Compile(string source)
        => CSharpCompilation.Create("Index", new[] { CSharpSyntaxTree.ParseText(source) });

    private static int[] Lines(IEnumerable<SyntaxNode> nodes)
        => nodes.Select(static n => n.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToArray();
}
