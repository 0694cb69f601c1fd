using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Analyzers.Tests.Infrastructure;

/// <summary>
/// Namespace tests by dotted name replace <c>ToDisplayString() == "…"</c> in the rules' hot paths;
/// they must answer exactly as the string comparison did, segment for segment.
/// </summary>
public sealed class NamespaceSymbolExtensionsTests
{
    private static readonly Compilation Compilation = CSharpCompilation.Create(
        "Namespaces",
        [CSharpSyntaxTree.ParseText("""
            namespace System.Collections.Generic.Extra { class A { } }
            namespace SystemX.Collections { class B { } }
            namespace Microsoft.AspNetCore.Builder { class C { } }
            namespace Microsoft.AspNetCoreRateLimit { class D { } }
            namespace Collections { class E { } class Outer { class Inner { } } class G<T> { } }
            class Global { }
            """)]);

    [Theory]
    [InlineData("A", "System.Collections.Generic.Extra", true)]
    [InlineData("A", "System.Collections.Generic", false)]
    [InlineData("A", "Collections.Generic.Extra", false)]
    [InlineData("A", "Generic.Extra", false)]
    [InlineData("A", "Extra", false)]
    [InlineData("A", "X.System.Collections.Generic.Extra", false)]
    [InlineData("A", "System.Collections.Generic.ExtraMore", false)]
    [InlineData("A", "", false)]
    [InlineData("B", "SystemX.Collections", true)]
    [InlineData("B", "System.Collections", false)]
    [InlineData("C", "Microsoft.AspNetCore.Builder", true)]
    [InlineData("C", "Microsoft.AspNetCore.Builde", false)]
    [InlineData("C", "icrosoft.AspNetCore.Builder", false)]
    [InlineData("C", ".Microsoft.AspNetCore.Builder", false)]
    [InlineData("E", "Collections", true)]
    [InlineData("E", "", false)]
    [InlineData("Global", "", true)]
    [InlineData("Global", "Collections", false)]
    public void IsNamespace_ComparesWholeDottedNames(string type, string name, bool expected)
    {
        var ns = Compilation.GetSymbolsWithName(type, SymbolFilter.Type).Single().ContainingNamespace;

        Assert.Equal(expected, ns.IsNamespace(name));
        Assert.Equal(expected, ns.ToDisplayString() == name || (ns.IsGlobalNamespace && name.Length == 0));
    }

    [Theory]
    [InlineData("A", "System", true)]
    [InlineData("A", "System.Collections", true)]
    [InlineData("A", "System.Collections.Generic.Extra", true)]
    [InlineData("A", "System.Collections.Generic.Extra.More", false)]
    [InlineData("A", "System.Coll", false)]
    [InlineData("A", "Collections", false)]
    [InlineData("B", "System", false)]
    [InlineData("C", "Microsoft.AspNetCore", true)]
    [InlineData("D", "Microsoft.AspNetCore", false)]
    [InlineData("D", "Microsoft", true)]
    [InlineData("Global", "System", false)]
    public void IsWithinNamespace_MatchesWholeSegmentsOnly(string type, string name, bool expected)
    {
        var ns = Compilation.GetSymbolsWithName(type, SymbolFilter.Type).Single().ContainingNamespace;

        Assert.Equal(expected, ns.IsWithinNamespace(name));
    }

    [Theory]
    [InlineData("A", "System.Collections.Generic.Extra.A", true)]
    [InlineData("A", "System.Collections.Generic.ExtraA", false)]
    [InlineData("A", "Collections.Generic.Extra.A", false)]
    [InlineData("A", "A", false)]
    [InlineData("E", "Collections.E", true)]
    [InlineData("E", "E", false)]
    [InlineData("Global", "Global", true)]
    [InlineData("Global", "X.Global", false)]
    [InlineData("Inner", "Collections.Inner", false)]
    [InlineData("Inner", "Collections.Outer.Inner", false)]
    [InlineData("G", "Collections.G`1", true)]
    [InlineData("G", "Collections.G", false)]
    public void HasFullName_MatchesTopLevelTypesByMetadataName(string type, string fullName, bool expected)
    {
        var symbol = (INamedTypeSymbol)Compilation.GetSymbolsWithName(type, SymbolFilter.Type).Single();

        Assert.Equal(expected, symbol.HasFullName(fullName));
    }

    [Fact]
    public void NullNamespace_IsNothing()
    {
        INamespaceSymbol? none = null;

        Assert.False(none.IsNamespace(""));
        Assert.False(none.IsWithinNamespace("System"));
    }
}
