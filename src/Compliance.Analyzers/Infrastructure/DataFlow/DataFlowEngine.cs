using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// The PHI/PII data-flow engine (DESIGN §4), one per compilation. Rules ask it for the sink hits
/// of a method body; it runs a flow-sensitive taint analysis on the body's control-flow graph and
/// follows calls into methods of the compilation through memoized, depth-bounded summaries. There
/// is no whole-program fixed point: a summary is computed only when a body being analysed calls
/// the method, and bodies that cannot touch classified data are skipped by a syntactic pre-check.
/// </summary>
public sealed class DataFlowEngine
{
    private static readonly ConditionalWeakTable<Compilation, DataFlowEngine> Cache = new();

    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), Lazy<MethodSummary>> summaries = new(SummaryKeyComparer.Instance);
    private readonly Lazy<ImmutableHashSet<string>> interestingNames;

    private DataFlowEngine(Compilation compilation, AnalyzerOptions options)
    {
        Compilation = compilation;
        KnownTypes = KnownTypes.For(compilation);
        Classification = ClassificationModel.For(compilation, options);
        Sinks = new SinkCatalog(KnownTypes);
        Sanitizers = new SanitizerCatalog(KnownTypes);
        MaxCallDepth = ReadMaxDepth(compilation, options);
        interestingNames = new Lazy<ImmutableHashSet<string>>(CollectInterestingNames);
    }

    public Compilation Compilation { get; }

    public KnownTypes KnownTypes { get; }

    public ClassificationModel Classification { get; }

    /// <summary>How many calls deep summaries follow data (<c>compliance.dataflow.max_call_depth</c>, default 3).</summary>
    public int MaxCallDepth { get; }

    internal SinkCatalog Sinks { get; }

    internal SanitizerCatalog Sanitizers { get; }

    public static DataFlowEngine For(Compilation compilation, AnalyzerOptions options)
        => Cache.GetValue(compilation, c => new DataFlowEngine(c, options));

    /// <summary>
    /// Cheap pre-check: true when <paramref name="body"/> names a classified member, a member or
    /// type that holds classified data, or a method returning classified data. Bodies that do not
    /// are never analysed.
    /// </summary>
    public bool MayTouchClassifiedData(SyntaxNode body)
    {
        var names = interestingNames.Value;
        if (names.IsEmpty)
        {
            return false;
        }

        foreach (var token in body.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every place in <paramref name="graph"/> (a method body, with its lambdas and local functions) where classified data reaches a sink.</summary>
    /// <param name="owner">The method the graph belongs to; its parameters' classification seeds the analysis.</param>
    public ImmutableArray<SinkHit> Analyze(ControlFlowGraph graph, IMethodSymbol? owner, CancellationToken cancellationToken)
    {
        var walker = new TaintWalker(this, graph, MaxCallDepth, summaryMode: false, cancellationToken);
        walker.Run(initialState: null, owner);
        return walker.Hits;
    }

    /// <summary>The summary of <paramref name="method"/> when followed with <paramref name="depth"/> calls left; empty at depth 0 or without a body in the compilation.</summary>
    internal MethodSummary GetSummary(IMethodSymbol method, int depth, bool hasTaintedArguments, CancellationToken cancellationToken)
    {
        if (depth <= 0)
        {
            return MethodSummary.Empty;
        }

        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (method.IsAbstract || method.IsExtern || method.DeclaringSyntaxReferences.IsEmpty || !method.Locations.Any(static l => l.IsInSource))
        {
            return MethodSummary.Empty;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (!hasTaintedArguments && !MayTouchClassifiedData(syntax))
        {
            // Without tainted arguments only sources read inside the callee matter, and it names none.
            return MethodSummary.Empty;
        }

        var lazy = summaries.GetOrAdd((method, depth), key => new Lazy<MethodSummary>(() => ComputeSummary(key.Method, syntax, key.Depth, cancellationToken)));
        return lazy.Value;
    }

    private MethodSummary ComputeSummary(IMethodSymbol method, SyntaxNode syntax, int depth, CancellationToken cancellationToken)
    {
        SyntaxNode? bodyOwner = syntax switch
        {
            BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax => syntax,
            ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax } arrow => arrow,
            _ => null,
        };
        if (bodyOwner is null || !Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return MethodSummary.Empty;
        }

        var model = SemanticModels.For(Compilation, syntax.SyntaxTree);
        var operation = model.GetOperation(bodyOwner, cancellationToken);
        ControlFlowGraph? graph = operation switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
            IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block, cancellationToken),
            _ => null,
        };
        if (graph is null)
        {
            return MethodSummary.Empty;
        }

        var walker = new TaintWalker(this, graph, depth - 1, summaryMode: true, cancellationToken);
        walker.Run(initialState: null, method);
        return walker.ToSummary();
    }

    private ImmutableHashSet<string> CollectInterestingNames()
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        CollectFromNamespace(Compilation.Assembly.GlobalNamespace, names);
        foreach (var assembly in Compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (MayDeclareClassifiedData(assembly))
            {
                CollectFromNamespace(assembly.GlobalNamespace, names);
            }
        }

        return names.ToImmutable();
    }

    private static bool MayDeclareClassifiedData(IAssemblySymbol assembly)
    {
        if (assembly.Name is "Compliance.Runtime")
        {
            return false;
        }

        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (referenced.Name is "Compliance.Runtime" or "Microsoft.Extensions.Compliance.Abstractions")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void CollectFromNamespace(INamespaceSymbol ns, ImmutableHashSet<string>.Builder names)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                CollectFromNamespace(child, names);
            }
            else if (member is INamedTypeSymbol type)
            {
                CollectFromType(type, names);
            }
        }
    }

    private void CollectFromType(INamedTypeSymbol type, ImmutableHashSet<string>.Builder names)
    {
        if (Classification.ContainsClassifiedData(type))
        {
            names.Add(type.Name);
        }

        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case INamedTypeSymbol nested:
                    CollectFromType(nested, names);
                    break;
                case IPropertySymbol property:
                    if (Classification.TryGetClassification(property, out _) || Classification.ContainsClassifiedData(property.Type))
                    {
                        names.Add(property.Name);
                    }

                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared:
                    if (Classification.TryGetClassification(field, out _) || Classification.ContainsClassifiedData(field.Type))
                    {
                        names.Add(field.Name);
                    }

                    break;
                case IMethodSymbol method when method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor:
                    if (Classification.TryGetClassification(method, out _) || (!method.ReturnsVoid && Classification.ContainsClassifiedData(method.ReturnType)))
                    {
                        names.Add(method.Name);
                    }

                    foreach (var parameter in method.Parameters)
                    {
                        if (Classification.TryGetClassification(parameter, out _) || Classification.ContainsClassifiedData(parameter.Type))
                        {
                            names.Add(parameter.Name);
                        }
                    }

                    break;
            }
        }
    }

    private static int ReadMaxDepth(Compilation compilation, AnalyzerOptions options)
    {
        var provider = options?.AnalyzerConfigOptionsProvider;
        if (provider is null)
        {
            return ComplianceOptions.DataFlowMaxCallDepth.DefaultValue;
        }

        var global = provider.GlobalOptions;
        foreach (var key in ComplianceOptions.DataFlowMaxCallDepth.RuleKeys.Concat(new[] { ComplianceOptions.DataFlowMaxCallDepth.Key }))
        {
            if (global.TryGetValue(key, out _))
            {
                return ComplianceOptions.DataFlowMaxCallDepth.Get(global);
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            return ComplianceOptions.DataFlowMaxCallDepth.Get(provider.GetOptions(tree));
        }

        return ComplianceOptions.DataFlowMaxCallDepth.DefaultValue;
    }

    private sealed class SummaryKeyComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
    {
        public static readonly SummaryKeyComparer Instance = new();

        public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y)
            => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((IMethodSymbol Method, int Depth) obj)
            => SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31 + obj.Depth;
    }
}
