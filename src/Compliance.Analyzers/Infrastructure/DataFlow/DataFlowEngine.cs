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
/// The PHI/PII data-flow engine, one per compilation. Rules ask it for the sink hits
/// of a method body; it runs a flow-sensitive taint analysis on the body's control-flow graph and
/// follows calls into methods of the compilation through memoized, depth-bounded summaries. There
/// is no whole-program fixed point: a summary is computed only when a body being analysed calls
/// the method, and bodies that cannot touch classified data are skipped by a syntactic pre-check.
/// </summary>
public sealed class DataFlowEngine
{
    // One engine per compilation and configuration: the options are read on every request
    // (global options, a dictionary lookup), so a caller with other options never gets an engine
    // built for the first caller's.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<(ClassificationModel Classification, int MaxCallDepth), DataFlowEngine>> Cache = new();

    // Summaries and graphs are computed with the asking analysis's cancellation token and cached
    // only once complete, so an analysis the IDE cancels leaves nothing behind for the next one.
    // Two analyses may compute the same entry at once; the results are equal, one is kept.
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), MethodSummary> _summaries = new(SummaryKeyComparer.Instance);
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), MethodSummary> _screenSummaries = new(SummaryKeyComparer.Instance);
    private readonly ConcurrentDictionary<IMethodSymbol, ControlFlowGraph?> _graphs = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, Taint> _classifiedSources = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, Taint> _wholeObjectSources = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, MethodTraits> _methodTraits = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _containers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _calleePreChecks = new(SymbolEqualityComparer.Default);
    private readonly Lazy<HashSet<string>> _interestingNames;

    private DataFlowEngine(Compilation compilation, ClassificationModel classification, int maxCallDepth)
    {
        Compilation = compilation;
        KnownTypes = KnownTypes.For(compilation);
        Classification = classification;
        Sinks = new SinkCatalog(KnownTypes);
        Sanitizers = new SanitizerCatalog(KnownTypes);
        MaxCallDepth = maxCallDepth;
        _interestingNames = new Lazy<HashSet<string>>(CollectInterestingNames);
    }

    public Compilation Compilation { get; }

    public KnownTypes KnownTypes { get; }

    public ClassificationModel Classification { get; }

    /// <summary>How many calls deep summaries follow data (<c>compliance.dataflow.max_call_depth</c>, default 3).</summary>
    public int MaxCallDepth { get; }

    internal SinkCatalog Sinks { get; }

    internal SanitizerCatalog Sanitizers { get; }

    /// <summary>
    /// The engine of <paramref name="compilation"/> under <paramref name="options"/>, created on first
    /// use. Its compilation-wide options are global-only (<see cref="OptionDefinition{T}.GetForCompilation"/>).
    /// </summary>
    public static DataFlowEngine For(Compilation compilation, AnalyzerOptions options)
    {
        var key = (ClassificationModel.For(compilation, options), ComplianceOptions.DataFlowMaxCallDepth.GetForCompilation(options));
        var engines = Cache.GetValue(compilation, static _ => new ConcurrentDictionary<(ClassificationModel, int), DataFlowEngine>());
        return engines.TryGetValue(key, out var engine)
            ? engine
            : engines.GetOrAdd(key, new DataFlowEngine(compilation, key.Item1, key.Item2));
    }

    /// <summary>
    /// Cheap pre-check: true when <paramref name="body"/> names a classified member, a member or
    /// type that holds classified data, or a method returning classified data. Bodies that do not
    /// are never analysed.
    /// </summary>
    public bool MayTouchClassifiedData(SyntaxNode body) => Names(body, _interestingNames.Value);

    private static bool Names(SyntaxNode body, HashSet<string> names)
    {
        if (names.Count == 0)
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

    /// <summary>
    /// False when the analysis of <paramref name="body"/> (a method body's operation tree) cannot
    /// report anything, decided without building its control-flow graph (the screen,
    /// <see cref="TaintWalker.Screen"/>); true when it may, or when the screen cannot tell.
    /// </summary>
    public bool MayReachSink(IOperation body, IMethodSymbol owner, CancellationToken cancellationToken)
    {
        var walker = TaintWalker.ForScreening(this, MaxCallDepth, summaryMode: false, cancellationToken);
        walker.Screen(body, owner);
        return walker.ScreenInconclusive || !walker.Hits.IsEmpty;
    }

    /// <summary>Every place in <paramref name="graph"/> (a method body, with its lambdas and local functions) where classified data reaches a sink.</summary>
    /// <param name="owner">The method the graph belongs to; its parameters' classification seeds the analysis.</param>
    public ImmutableArray<SinkHit> Analyze(ControlFlowGraph graph, IMethodSymbol? owner, CancellationToken cancellationToken)
    {
        var walker = new TaintWalker(this, graph, MaxCallDepth, summaryMode: false, cancellationToken);
        walker.Run(initialState: null, owner);
        return walker.Hits;
    }

    /// <summary>
    /// The graph of <paramref name="method"/>'s body: the one a summary of the method already
    /// built, else <paramref name="create"/>'s, kept for summaries that follow calls into it later.
    /// </summary>
    public ControlFlowGraph GraphOf(IMethodSymbol method, Func<ControlFlowGraph> create)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (_graphs.TryGetValue(method, out var known) && known is not null)
        {
            return known;
        }

        var graph = create();
        _graphs[method] = graph;
        return graph;
    }

    /// <summary>The summary of <paramref name="method"/> when followed with <paramref name="depth"/> calls left; empty at depth 0 or without a body in the compilation.</summary>
    /// <param name="resultUsed">False for a call written as a statement, whose result the caller throws away.</param>
    /// <param name="screening">True for the screen's summary: built from the operation tree, a superset of the analysis's, or <see cref="MethodSummary.Inconclusive"/>.</param>
    internal MethodSummary GetSummary(IMethodSymbol method, int depth, bool hasTaintedArguments, bool resultUsed, bool screening, CancellationToken cancellationToken)
    {
        // Without tainted arguments a summary can only add what the callee returns, so a call that
        // throws its result away (app.MapPatients();) needs none: the callee's own sinks are
        // reported when its body is analysed.
        if (depth <= 0 || (!hasTaintedArguments && !resultUsed))
        {
            return MethodSummary.Empty;
        }

        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (method.IsAbstract || method.IsExtern || method.DeclaringSyntaxReferences.IsEmpty || !method.Locations.Any(static l => l.IsInSource))
        {
            return MethodSummary.Empty;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (!hasTaintedArguments && (!MayReturnUnmarkedData(method) || !_calleePreChecks.GetOrAdd(method, _ => MayTouchClassifiedData(syntax))))
        {
            // Without tainted arguments only classified data the callee reads and returns matters:
            // none when it returns nothing that can carry it, when its return type already marks
            // the value as holding classified data, or when its body names no source.
            return MethodSummary.Empty;
        }

        var summaries = screening ? _screenSummaries : _summaries;
        if (summaries.TryGetValue((method, depth), out var known))
        {
            return known;
        }

        var summary = screening ? ComputeScreenSummary(method, syntax, depth, cancellationToken) : ComputeSummary(method, syntax, depth, cancellationToken);
        return summaries.GetOrAdd((method, depth), summary);
    }

    /// <summary>Whether a summary of <paramref name="method"/> has been computed, at any depth, for the screen or for the analysis (tests ask).</summary>
    internal bool HasSummaryOf(IMethodSymbol method, bool screening)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        return (screening ? _screenSummaries : _summaries).Keys.Any(key => SymbolEqualityComparer.Default.Equals(key.Method, method));
    }

    internal MethodTraits TraitsOf(IMethodSymbol method)
        => _methodTraits.GetOrAdd(method.OriginalDefinition, m => LibraryModel.Compute(m, Sanitizers));

    internal bool IsContainer(ITypeSymbol type) => _containers.GetOrAdd(type.OriginalDefinition, LibraryModel.IsContainer);

    /// <summary>The taint a read of <paramref name="symbol"/> produces: its own classification, or nothing. Memoized.</summary>
    internal Taint SourceOf(ISymbol symbol)
        => _classifiedSources.GetOrAdd(symbol.OriginalDefinition, ComputeSource);

    /// <summary>The taint of a whole value of <paramref name="type"/>: a source when the type holds classified members. Memoized.</summary>
    internal Taint WholeObjectOf(ITypeSymbol type)
        => _wholeObjectSources.GetOrAdd(type, ComputeWholeObject);

    private Taint ComputeSource(ISymbol symbol)
    {
        if (!Classification.TryGetClassification(symbol, out var classification))
        {
            return Taint.Empty;
        }

        var description = symbol switch
        {
            IParameterSymbol parameter => "parameter '" + parameter.Name + "' (" + classification.Display + ")",
            IMethodSymbol method => method.ContainingType?.Name + "." + method.Name + "() (" + classification.Display + ")",
            _ => symbol.ContainingType?.Name + "." + symbol.Name + " (" + classification.Display + ")",
        };
        return Taint.Of(TaintSource.Classified(description));
    }

    private Taint ComputeWholeObject(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Error or TypeKind.TypeParameter)
        {
            return Taint.Empty;
        }

        var member = Classification.DescribeClassifiedMember(type);
        return member is null
            ? Taint.Empty
            : Taint.Of(TaintSource.WholeObject(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " (holds " + member + ")"));
    }

    /// <summary>
    /// False when the method's result cannot carry classified data the caller would not see
    /// anyway: void, flags and enums, and types that hold classified members (their values are
    /// sources as a whole).
    /// </summary>
    private bool MayReturnUnmarkedData(IMethodSymbol method)
    {
        var type = method.ReturnType;
        if (type is INamedTypeSymbol { IsGenericType: true } task && task.ContainingNamespace.IsNamespace("System.Threading.Tasks"))
        {
            type = task.TypeArguments[0];
        }

        if (method.ReturnsVoid || type.SpecialType is SpecialType.System_Void or SpecialType.System_Boolean || type.TypeKind == TypeKind.Enum)
        {
            return false;
        }

        if (type.Name is "Task" or "ValueTask" && type.ContainingNamespace.IsNamespace("System.Threading.Tasks"))
        {
            return false;
        }

        return !Classification.ContainsClassifiedData(type);
    }

    private MethodSummary ComputeSummary(IMethodSymbol method, SyntaxNode syntax, int depth, CancellationToken cancellationToken)
    {
        // One graph per method, whatever the depth it is summarised at, shared with the analysis
        // of the method's own body.
        if (!_graphs.TryGetValue(method, out var graph))
        {
            graph = _graphs.GetOrAdd(method, BuildGraph(syntax, cancellationToken));
        }

        if (graph is null)
        {
            return MethodSummary.Empty;
        }

        var walker = new TaintWalker(this, graph, depth - 1, summaryMode: true, cancellationToken);
        walker.Run(initialState: null, method);
        return walker.ToSummary();
    }

    private MethodSummary ComputeScreenSummary(IMethodSymbol method, SyntaxNode syntax, int depth, CancellationToken cancellationToken)
    {
        if (BodyOf(syntax, cancellationToken) is not { } body)
        {
            return MethodSummary.Empty;
        }

        var walker = TaintWalker.ForScreening(this, depth - 1, summaryMode: true, cancellationToken);
        walker.Screen(body, method);
        return walker.ScreenInconclusive ? MethodSummary.Inconclusive : walker.ToSummary();
    }

    private ControlFlowGraph? BuildGraph(SyntaxNode syntax, CancellationToken cancellationToken)
        => BodyOf(syntax, cancellationToken) switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
            IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
            _ => null,
        };

    /// <summary>The operation tree of the body <paramref name="syntax"/> declares, if it has one this compilation can bind.</summary>
    private IOperation? BodyOf(SyntaxNode syntax, CancellationToken cancellationToken)
    {
        SyntaxNode? bodyOwner = syntax switch
        {
            BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax => syntax,
            ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax } arrow => arrow,
            _ => null,
        };
        if (bodyOwner is null || SemanticModels.ForDeclaration(Compilation, syntax.SyntaxTree) is not { } model)
        {
            return null;
        }

        var body = model.GetOperation(bodyOwner, cancellationToken);
        return body is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation { Parent: null } ? body : null;
    }

    /// <remarks>Read-only once built, so concurrent lookups are safe.</remarks>
    private HashSet<string> CollectInterestingNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var helpers = new List<IMethodSymbol>();
        CollectFromNamespace(Compilation.Assembly.GlobalNamespace, names, helpers);
        foreach (var assembly in Compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (MayDeclareClassifiedData(assembly))
            {
                CollectFromNamespace(assembly.GlobalNamespace, names, null);
            }
        }

        // Helpers that read classified data and return it as something unmarked (a string
        // describing a patient): calling them touches classified data too. Followed as many calls
        // deep as summaries are, by rescanning the remaining helpers against the grown set.
        for (var round = 0; round < MaxCallDepth && helpers.Count > 0; round++)
        {
            var added = new List<string>();
            helpers.RemoveAll(helper =>
            {
                if (names.Contains(helper.Name))
                {
                    return true;
                }

                foreach (var reference in helper.DeclaringSyntaxReferences)
                {
                    if (Names(reference.GetSyntax(), names))
                    {
                        added.Add(helper.Name);
                        return true;
                    }
                }

                return false;
            });

            if (added.Count == 0)
            {
                break;
            }

            names.UnionWith(added);
        }

        return names;
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

    /// <param name="helpers">Receives the source methods that may return unmarked classified data; null for referenced assemblies.</param>
    private void CollectFromNamespace(INamespaceSymbol ns, HashSet<string> names, List<IMethodSymbol>? helpers)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                CollectFromNamespace(child, names, helpers);
            }
            else if (member is INamedTypeSymbol type)
            {
                CollectFromType(type, names, helpers);
            }
        }
    }

    private void CollectFromType(INamedTypeSymbol type, HashSet<string> names, List<IMethodSymbol>? helpers)
    {
        // A name already collected needs no second look: the same member names come back in every
        // type of an application (FullName, Ssn, request), and each look classifies a symbol.
        if (!names.Contains(type.Name) && Classification.ContainsClassifiedData(type))
        {
            names.Add(type.Name);
        }

        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case INamedTypeSymbol nested:
                    CollectFromType(nested, names, helpers);
                    break;
                case IPropertySymbol property when !names.Contains(property.Name):
                    if (Classification.TryGetClassification(property, out _) || Classification.ContainsClassifiedData(property.Type))
                    {
                        names.Add(property.Name);
                    }

                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared && !names.Contains(field.Name):
                    if (Classification.TryGetClassification(field, out _) || Classification.ContainsClassifiedData(field.Type))
                    {
                        names.Add(field.Name);
                    }

                    break;
                case IMethodSymbol method when method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor:
                    // A helper whose name is collected already would be dropped by the rescan below.
                    if (!names.Contains(method.Name))
                    {
                        if (Classification.TryGetClassification(method, out _) || (!method.ReturnsVoid && Classification.ContainsClassifiedData(method.ReturnType)))
                        {
                            names.Add(method.Name);
                        }
                        else if (helpers is not null && method.MethodKind == MethodKind.Ordinary && !method.IsAbstract && MayReturnUnmarkedData(method))
                        {
                            helpers.Add(method);
                        }
                    }

                    foreach (var parameter in method.Parameters)
                    {
                        if (!names.Contains(parameter.Name) && (Classification.TryGetClassification(parameter, out _) || Classification.ContainsClassifiedData(parameter.Type)))
                        {
                            names.Add(parameter.Name);
                        }
                    }

                    break;
            }
        }
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
