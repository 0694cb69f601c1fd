using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// The endpoints of a compilation and the controls that apply to them, shared by every endpoint
/// rule. Built lazily, once per compilation: a controller's or page model's endpoints the first
/// time a rule asks for that type, a minimal API's the first time a rule sees its <c>Map…</c>
/// call, and the global configuration the first time any endpoint is evaluated. Rules report from
/// symbol and operation actions, so diagnostics appear live in the IDE.
/// </summary>
/// <remarks>
/// Every cached value is computed without a caller's cancellation token: the values are shared by
/// all analyzers of the compilation, and a cancelled caller must not leave a partial result.
/// </remarks>
internal sealed class EndpointModel
{
    private static readonly ConditionalWeakTable<Compilation, EndpointModel> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, EndpointModel>.CreateValueCallback Create = static c => new EndpointModel(c);

    private readonly Compilation _compilation;
    private readonly ConventionChains _chains;
    private readonly Lazy<GlobalEndpointPolicy> _global;
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<EndpointInfo>> _typeEndpoints = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxNode, EndpointInfo?> _minimalEndpoints = new();
    private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<EndpointInfo>> _blockEndpoints = new();
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), ImmutableArray<GroupPath>> _callSitePaths = new();
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<ControlMark>> _returnedBuilderMarks = new(SymbolEqualityComparer.Default);
    private readonly Lazy<InvocationIndex> _invocations;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    private EndpointModel(Compilation compilation)
    {
        _compilation = compilation;
        Symbols = new EndpointSymbols(KnownTypes.For(compilation));
        _chains = new ConventionChains(Symbols, this);
        _invocations = new Lazy<InvocationIndex>(() => new InvocationIndex(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _global = new Lazy<GlobalEndpointPolicy>(
            () =>
            {
                var configuration = ApplicationConfiguration.For(compilation);
                return configuration.EndpointPolicy.ToPolicy(Symbols, _chains, configuration.CookiePolicy);
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static EndpointModel For(Compilation compilation) => Cache.GetValue(compilation, Create);

    public EndpointSymbols Symbols { get; }

    /// <summary>True when the compilation can declare endpoints at all (MVC or routing is referenced).</summary>
    public bool HasEndpoints => Symbols.ControllerAttribute is not null || Symbols.EndpointRouteBuilderExtensions is not null || Symbols.PageModel is not null;

    public GlobalEndpointPolicy Global => _global.Value;

    /// <summary>The FluentValidation-style validators of the compilation and whether they are registered.</summary>
    public ValidatorRegistrations Validators => ApplicationConfiguration.For(_compilation).Validators;

    /// <summary>The actions of a controller or the handlers of a page model; empty for any other type.</summary>
    public ImmutableArray<EndpointInfo> EndpointsOf(INamedTypeSymbol type)
        => _typeEndpoints.GetOrAdd(type, t => ControllerDiscovery.Discover(t, Symbols, Global));

    /// <summary>The minimal API a <c>Map…</c> call declares, or null.</summary>
    public EndpointInfo? EndpointOf(IInvocationOperation invocation)
    {
        if (!MinimalApiDiscovery.IsMapCall(invocation.TargetMethod))
        {
            return null;
        }

        return _minimalEndpoints.GetOrAdd(invocation.Syntax, _ => MinimalApiDiscovery.Discover(invocation, Symbols, Global, _chains));
    }

    /// <summary>
    /// The minimal APIs mapped in one operation block (a member body with its lambdas and local
    /// functions, or the top-level statements), found by one walk for all endpoint rules: the
    /// first rule to ask walks the block, the others read the answer.
    /// </summary>
    public ImmutableArray<EndpointInfo> MinimalEndpointsIn(IOperation block)
        => _blockEndpoints.GetOrAdd(block.Syntax, _ =>
        {
            ImmutableArray<EndpointInfo>.Builder? found = null;
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && EndpointOf(invocation) is { } endpoint)
                {
                    (found ??= ImmutableArray.CreateBuilder<EndpointInfo>()).Add(endpoint);
                }
            }

            return found?.ToImmutable() ?? ImmutableArray<EndpointInfo>.Empty;
        });

    /// <summary>The route groups passed as parameter <paramref name="ordinal"/> of <paramref name="method"/> at its call sites in this compilation.</summary>
    internal ImmutableArray<GroupPath> CallSitePaths(IMethodSymbol method, int ordinal, int depth)
        => _callSitePaths.GetOrAdd((method.OriginalDefinition, ordinal), key => _chains.PathsFromCallSites(CallSites(key.Method), key.Ordinal, depth));

    /// <summary>Conventions applied to the builder a helper returns, at the helper's call sites (<c>app.MapPatients().RequireAuthorization()</c>).</summary>
    internal ImmutableArray<ControlMark> ReturnedBuilderMarks(IMethodSymbol method, int depth)
        => _returnedBuilderMarks.GetOrAdd(method.OriginalDefinition, m =>
        {
            var marks = ImmutableArray.CreateBuilder<ControlMark>();
            foreach (var call in CallSites(m))
            {
                marks.AddRange(_chains.MarksAbove(call, depth));
            }

            return marks.ToImmutable();
        });

    /// <summary>
    /// Invocations of <paramref name="method"/> in the compilation. The index of invocations by
    /// name is built once per compilation, on the first helper whose route group must be followed
    /// (a pass over the files' text, no binding); only the candidates with the helper's name are
    /// then bound.
    /// </summary>
    private IEnumerable<IInvocationOperation> CallSites(IMethodSymbol method)
    {
        foreach (var candidate in _invocations.Value.Named(method.Name))
        {
            var model = ModelFor(candidate.SyntaxTree);
            if (model.GetOperation(candidate) is IInvocationOperation call
                && SymbolEqualityComparer.Default.Equals((call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition, method))
            {
                yield return call;
            }
        }
    }

    /// <summary>
    /// One semantic model per tree for the model's own whole-program look-ups (configuration calls,
    /// helper call sites), so a long Program.cs is bound once rather than once per question.
    /// </summary>
    private SemanticModel ModelFor(SyntaxTree tree) => _models.GetOrAdd(tree, t => SemanticModels.For(_compilation, t));
}
