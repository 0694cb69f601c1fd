using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>One way a route group reaches an endpoint: the group levels (nearest first) and the route prefix.</summary>
internal readonly struct GroupPath
{
    public GroupPath(ImmutableArray<ImmutableArray<ControlMark>> levels, string prefix)
    {
        Levels = levels;
        Prefix = prefix;
    }

    public ImmutableArray<ImmutableArray<ControlMark>> Levels { get; }

    public string Prefix { get; }

    public static GroupPath Root { get; } = new(ImmutableArray<ImmutableArray<ControlMark>>.Empty, "");
}

/// <summary>
/// Reads fluent endpoint conventions (<c>.RequireAuthorization()</c>, <c>.Audited()</c>, …):
/// upwards along the chain from a builder and through the locals it is stored in, and downwards
/// from a <c>Map…</c> call through its route groups, following groups passed to helper methods of
/// the same compilation.
/// </summary>
internal sealed class ConventionChains
{
    private const int MaxDepth = 4;
    private const int MaxPaths = 8;

    private readonly EndpointSymbols _symbols;
    private readonly EndpointModel _model;

    // Keyed by the MapGroup call's or the local's declaring syntax and the helper depth; the
    // answer depends on nothing else, so it is shared by every Map… call below it.
    private readonly ConcurrentDictionary<(SyntaxNode Syntax, int Depth), ImmutableArray<GroupPath>> _groupPaths = new();

    public ConventionChains(EndpointSymbols symbols, EndpointModel model)
    {
        _symbols = symbols;
        _model = model;
    }

    /// <summary>
    /// The marks of every convention applied to the builder <paramref name="builder"/> evaluates
    /// to: chained calls, later calls on a local holding it, and calls on the result of a helper
    /// method that returns it.
    /// </summary>
    public ImmutableArray<ControlMark> MarksAbove(IOperation builder, int depth = 0)
    {
        var marks = ImmutableArray.CreateBuilder<ControlMark>();
        var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        CollectAbove(builder, marks, visited, depth);
        return marks.ToImmutable();
    }

    private void CollectAbove(IOperation builder, ImmutableArray<ControlMark>.Builder marks, HashSet<ILocalSymbol> visited, int depth)
    {
        var current = builder;
        while (true)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = current.Parent;
            }

            switch (parent)
            {
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current) && IsChainLink(invocation, current):
                    AddConventionMarks(invocation, marks);
                    current = invocation;
                    continue;

                case IArgumentOperation { Parent: IInvocationOperation invocation } argument
                    when invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0 && IsChainLink(invocation, current):
                    AddConventionMarks(invocation, marks);
                    current = invocation;
                    continue;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    CollectLocalUses(declarator.Symbol, current, marks, visited, depth);
                    return;

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when ReferenceEquals(assignment.Value, current):
                    CollectLocalUses(target.Local, current, marks, visited, depth);
                    return;

                case IReturnOperation when depth < MaxDepth && ContainingMethod(current) is { } method:
                    marks.AddRange(_model.ReturnedBuilderMarks(method, depth + 1));
                    return;

                default:
                    return;
            }
        }
    }

    private void CollectLocalUses(ILocalSymbol local, IOperation from, ImmutableArray<ControlMark>.Builder marks, HashSet<ILocalSymbol> visited, int depth)
    {
        if (!visited.Add(local))
        {
            return;
        }

        foreach (var operation in Root(from).Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !reference.IsDeclaration)
            {
                CollectAbove(reference, marks, visited, depth);
            }
        }
    }

    /// <summary>
    /// The route groups the receiver of a <c>Map…</c> call (or of <c>MapGroup</c>) stands for, each
    /// with its levels of marks and route prefix.
    /// </summary>
    public ImmutableArray<GroupPath> GroupsOf(IOperation? receiver, int depth)
    {
        receiver = SkipChainLinks(receiver);
        switch (receiver)
        {
            case IInvocationOperation { TargetMethod.Name: "MapGroup" } mapGroup when IsFrameworkMethod(mapGroup.TargetMethod):
                // Every Map… call on a group asks for the same group, and each answer walks the
                // method for the group's other uses: worked out once per MapGroup call.
                return _groupPaths.GetOrAdd((mapGroup.Syntax, depth), _ => PathsThrough(mapGroup, depth));

            case ILocalReferenceOperation local when local.Local.DeclaringSyntaxReferences.Length > 0:
                // Finding the local's initializer walks its method too: once per local.
                return _groupPaths.GetOrAdd(
                    (local.Local.DeclaringSyntaxReferences[0].GetSyntax(), depth),
                    _ => Initializer(local) is { } value ? GroupsOf(value, depth) : ImmutableArray.Create(GroupPath.Root));

            case ILocalReferenceOperation local when Initializer(local) is { } value:
                return GroupsOf(value, depth);

            case IParameterReferenceOperation parameter
                when depth < MaxDepth && parameter.Parameter.ContainingSymbol is IMethodSymbol method && method.MethodKind is MethodKind.Ordinary:
                {
                    var callers = _model.CallSitePaths(method, parameter.Parameter.Ordinal, depth + 1);
                    return callers.IsEmpty ? ImmutableArray.Create(GroupPath.Root) : callers;
                }

            default:
                return ImmutableArray.Create(GroupPath.Root);
        }
    }

    private ImmutableArray<GroupPath> PathsThrough(IInvocationOperation mapGroup, int depth)
    {
        var level = MarksAbove(mapGroup, depth);
        var prefix = ConstantArgument(mapGroup, "prefix") ?? "?";
        var outer = GroupsOf(Receiver(mapGroup), depth);
        var paths = ImmutableArray.CreateBuilder<GroupPath>(outer.Length);
        foreach (var path in outer)
        {
            paths.Add(new GroupPath(path.Levels.Insert(0, level), Combine(path.Prefix, prefix)));
        }

        return paths.ToImmutable();
    }

    /// <summary>Resolves the argument passed for <paramref name="ordinal"/> at each call site of a helper.</summary>
    public ImmutableArray<GroupPath> PathsFromCallSites(IEnumerable<IInvocationOperation> callSites, int ordinal, int depth)
    {
        var paths = ImmutableArray.CreateBuilder<GroupPath>();
        foreach (var call in callSites)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    foreach (var path in GroupsOf(argument.Value, depth))
                    {
                        if (paths.Count < MaxPaths)
                        {
                            paths.Add(path);
                        }
                    }
                }
            }
        }

        return paths.ToImmutable();
    }

    /// <summary>The marks of one convention call.</summary>
    public void AddConventionMarks(IInvocationOperation invocation, ImmutableArray<ControlMark>.Builder marks)
    {
        var method = invocation.TargetMethod;
        if (!IsFrameworkMethod(method))
        {
            return;
        }

        switch (method.Name)
        {
            case "RequireAuthorization":
                // Policy names, policies or a policy builder passed in: only some signed-in callers get through.
                marks.Add(new ControlMark(ControlKind.Authorize, invocation.Syntax is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } ? ControlMark.RolesOrPolicy : null));
                break;
            case "AllowAnonymous":
                marks.Add(new ControlMark(ControlKind.AllowAnonymous));
                break;
            case "RequireRateLimiting":
                marks.Add(new ControlMark(ControlKind.RateLimitPolicy, ConstantArgument(invocation, "policyName")));
                break;
            case "DisableRateLimiting":
                marks.Add(new ControlMark(ControlKind.RateLimitDisabled));
                break;
            case "DisableAntiforgery":
                marks.Add(new ControlMark(ControlKind.AntiforgeryIgnored));
                break;
            case "DisableValidation":
                marks.Add(new ControlMark(ControlKind.ValidationDisabled));
                break;
            case "Audited":
                marks.Add(new ControlMark(ControlKind.Audited));
                break;
            case "Validated":
                marks.Add(new ControlMark(ControlKind.Validated));
                break;
            case "RequireMfa":
                marks.Add(new ControlMark(ControlKind.RequireMfa));
                break;
            case "RateLimited":
                var tier = "Standard";
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "tier" && argument.Value.ConstantValue is { HasValue: true, Value: int value })
                    {
                        tier = _symbols.TierName(value);
                    }
                }

                marks.Add(new ControlMark(ControlKind.RateLimitTier, tier));
                break;
            case "AddEndpointFilter":
            case "AddEndpointFilterFactory":
                if (method.IsGenericMethod && method.TypeArguments.Length > 0 && method.TypeArguments[method.TypeArguments.Length - 1] is INamedTypeSymbol filterType && filterType.TypeKind == TypeKind.Class)
                {
                    marks.Add(EndpointSymbols.FilterMark(filterType));
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal > 0 && argument.Value.WalkDownConversionsAndParentheses() is IObjectCreationOperation { Type: INamedTypeSymbol created })
                    {
                        marks.Add(EndpointSymbols.FilterMark(created));
                    }
                }

                break;
            case "WithMetadata":
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal > 0)
                    {
                        AddMetadataMarks(argument.Value, marks);
                    }
                }

                break;
        }
    }

    private void AddMetadataMarks(IOperation value, ImmutableArray<ControlMark>.Builder marks)
    {
        value = value.WalkDownConversionsAndParentheses();
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                AddMetadataMarks(element, marks);
            }
        }
        else if (value is IObjectCreationOperation { Type: INamedTypeSymbol created } creation)
        {
            _symbols.AddMarks(marks, created, ImmutableArray<TypedConstant>.Empty);
            if (created.InheritsFromOrEqualsDefinition(_symbols.RateLimited) && creation.Arguments.Length == 1 && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int tier })
            {
                marks.Add(new ControlMark(ControlKind.RateLimitTier, _symbols.TierName(tier)));
            }
        }
    }

    /// <summary>A call on a builder that returns the same builder (a convention), as opposed to <c>MapGet</c> or <c>MapGroup</c>.</summary>
    public static bool IsChainLink(IInvocationOperation invocation, IOperation receiver)
        => invocation.Type is not null
            && receiver.Type is not null
            && SymbolEqualityComparer.Default.Equals(invocation.Type, receiver.Type)
            && invocation.TargetMethod.Name is not ("MapGroup" or "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map" or "MapFallback");

    public static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance;
        }

        if (invocation.TargetMethod.IsExtensionMethod)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value;
                }
            }
        }

        return null;
    }

    public static string? ConstantArgument(IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;
            }
        }

        return null;
    }

    public static string Combine(string prefix, string pattern)
    {
        if (prefix.Length == 0)
        {
            return pattern;
        }

        return pattern.Length == 0 ? prefix : prefix.TrimEnd('/') + "/" + pattern.TrimStart('/');
    }

    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>Conventions come from ASP.NET Core and Compliance.Runtime, whose extensions live in Microsoft.AspNetCore.*.</summary>
    private static bool IsFrameworkMethod(IMethodSymbol method)
        => method.ContainingType?.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore") == true;

    private static IOperation? SkipChainLinks(IOperation? operation)
    {
        while (operation is not null)
        {
            operation = operation.WalkDownConversionsAndParentheses();
            if (operation is IInvocationOperation invocation && Receiver(invocation) is { } receiver && IsChainLink(invocation, receiver.WalkDownConversionsAndParentheses()))
            {
                operation = receiver;
                continue;
            }

            return operation;
        }

        return null;
    }

    private static IOperation? Initializer(ILocalReferenceOperation reference)
    {
        foreach (var operation in Root(reference).Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator
                && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
            {
                return declarator.GetVariableInitializer()?.Value;
            }
        }

        return null;
    }

    private static IMethodSymbol? ContainingMethod(IOperation operation)
    {
        var root = Root(operation);
        return root.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
    }
}
