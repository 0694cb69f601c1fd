using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// The invocations of a method name across a compilation's files (<c>M(…)</c>, <c>x.M(…)</c>,
/// <c>x?.M(…)</c>, <c>M&lt;T&gt;(…)</c>: the shapes <see cref="SyntaxNames.Invoked"/> names), for
/// the few analyses that follow a helper to its call sites.
/// </summary>
/// <remarks>
/// Built on the first question by one pass over each file's text, which realises no syntax nodes:
/// every identifier followed by <c>(</c>, <c>&lt;</c> or a comment is a candidate, kept by a hash
/// of its name. A name asked for then resolves only its candidates in the syntax tree, so text
/// that only looks like a call (comments, strings) is dropped there. A file that writes an
/// identifier with a Unicode escape (<c>\u0041</c>) is indexed from its syntax instead.
/// </remarks>
internal sealed class InvocationIndex
{
    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly Dictionary<int, List<long>> _candidates = new();
    private readonly Dictionary<string, List<InvocationExpressionSyntax>> _fromSyntax = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<InvocationExpressionSyntax>> _byName = new(StringComparer.Ordinal);

    public InvocationIndex(Compilation compilation, CancellationToken cancellationToken = default)
    {
        _trees = compilation.SyntaxTrees.ToImmutableArray();
        for (var index = 0; index < _trees.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = _trees[index].GetText(cancellationToken).ToString();
            if (!ScanText(text, index))
            {
                IndexFromSyntax(_trees[index], cancellationToken);
            }
        }
    }

    /// <summary>The invocations whose invoked name is <paramref name="name"/>, in file order.</summary>
    public ImmutableArray<InvocationExpressionSyntax> Named(string name)
        => _byName.GetOrAdd(name, Resolve);

    private ImmutableArray<InvocationExpressionSyntax> Resolve(string name)
    {
        var found = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
        if (_candidates.TryGetValue(Hash(name, 0, name.Length), out var candidates))
        {
            InvocationExpressionSyntax? previous = null;
            foreach (var candidate in candidates)
            {
                var tree = _trees[(int)(candidate >> 32)];
                var token = tree.GetRoot().FindToken((int)candidate);
                if (token.IsKind(SyntaxKind.IdentifierToken)
                    && token.ValueText == name
                    && InvocationNamedBy(token) is { } invocation
                    && !ReferenceEquals(invocation, previous))
                {
                    // A comment just before a call finds the call's own name token too: once is enough.
                    found.Add(invocation);
                    previous = invocation;
                }
            }
        }

        if (_fromSyntax.TryGetValue(name, out var fromSyntax))
        {
            found.AddRange(fromSyntax);
        }

        return found.ToImmutable();
    }

    /// <summary>The invocation <paramref name="token"/> is the invoked name of, or null.</summary>
    private static InvocationExpressionSyntax? InvocationNamedBy(SyntaxToken token)
    {
        if (token.Parent is not SimpleNameSyntax name)
        {
            return null;
        }

        ExpressionSyntax invoked = name.Parent switch
        {
            MemberAccessExpressionSyntax member when member.Name == name => member,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };
        return invoked.Parent is InvocationExpressionSyntax invocation && invocation.Expression == invoked ? invocation : null;
    }

    /// <summary>Records the call-like identifiers of one file; false when the file needs its syntax (a Unicode escape).</summary>
    private bool ScanText(string text, int treeIndex)
    {
        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
        {
            // Most likely inside a string, but an identifier may be spelt this way too, and then
            // its text is not its name.
            return false;
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!SourceTextSearch.IsIdentifierCharacter(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && SourceTextSearch.IsIdentifierCharacter(text[i]))
            {
                i++;
            }

            // Runs that start with a digit are numbers (1e5, 0x1F), not names.
            if (c is >= '0' and <= '9')
            {
                continue;
            }

            var next = i;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < text.Length && text[next] is '(' or '<' or '/')
            {
                var hash = Hash(text, start, i - start);
                if (!_candidates.TryGetValue(hash, out var list))
                {
                    _candidates[hash] = list = new List<long>();
                }

                list.Add(((long)treeIndex << 32) | (uint)start);
            }
        }

        return true;
    }

    private void IndexFromSyntax(SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is InvocationExpressionSyntax invocation && SyntaxNames.Invoked(invocation) is { } name)
            {
                if (!_fromSyntax.TryGetValue(name, out var list))
                {
                    _fromSyntax[name] = list = new List<InvocationExpressionSyntax>();
                }

                list.Add(invocation);
            }
        }
    }

    private static int Hash(string text, int start, int length)
    {
        // FNV-1a over the name's characters: the same for the text's spelling and the symbol's name.
        var hash = unchecked((int)2166136261);
        for (var i = start; i < start + length; i++)
        {
            hash = unchecked((hash ^ text[i]) * 16777619);
        }

        return hash;
    }
}
