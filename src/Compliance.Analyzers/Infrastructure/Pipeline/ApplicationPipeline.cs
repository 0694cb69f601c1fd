using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Pipeline;

/// <summary>
/// The request pipeline of a web application as written in one body: top-level statements that
/// build a <c>WebApplication</c>, or a <c>Startup.Configure(IApplicationBuilder …)</c> method. It
/// records which middleware is added outside development-only branches, looking one level into
/// helper methods of the application that receive the app (<c>app.UseClinicPipeline()</c>).
/// </summary>
public sealed class ApplicationPipeline
{
    private readonly ImmutableHashSet<string> _productionCalls;

    private ApplicationPipeline(IOperation anchor, ILocalSymbol? appVariable, ImmutableHashSet<string> productionCalls)
    {
        Anchor = anchor;
        AppVariable = appVariable;
        _productionCalls = productionCalls;
    }

    /// <summary>Where pipeline findings are reported: the <c>Build()</c> call, or the Configure method.</summary>
    public IOperation Anchor { get; }

    /// <summary>The local holding the built application in top-level code (<c>var app = builder.Build();</c>).</summary>
    public ILocalSymbol? AppVariable { get; }

    /// <summary>True when a method of this name is called on the pipeline outside development-only branches.</summary>
    public bool Calls(string methodName) => _productionCalls.Contains(methodName);

    /// <summary>The pipeline written in <paramref name="body"/>, or null when the body does not build one.</summary>
    public static ApplicationPipeline? TryCreate(IOperation body, ISymbol owner, CancellationToken cancellationToken)
    {
        IOperation? anchor = null;
        ILocalSymbol? appVariable = null;
        if (owner is IMethodSymbol { Name: "Configure" } configure
            && configure.Parameters.Any(static p => p.Type.Name is "IApplicationBuilder" or "WebApplication"))
        {
            anchor = body;
        }
        else if (owner is not IMethodSymbol { Name: "Main" or WellKnownMemberNames.TopLevelStatementsEntryPointMethodName })
        {
            // Pipelines are built in Program's entry point or Startup.Configure; other bodies are skipped cheaply.
            return null;
        }

        var calls = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (anchor is null && invocation.TargetMethod.Name == "Build" && invocation.Type?.Name == "WebApplication")
            {
                anchor = invocation;
                appVariable = (invocation.Parent as IVariableInitializerOperation)?.Parent is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
            }

            if (DevelopmentEnvironment.IsInDevelopmentOnlyBranch(invocation))
            {
                continue;
            }

            calls.Add(invocation.TargetMethod.Name);
            if (invocation.TargetMethod.GenericArguments() is { } typeArguments)
            {
                foreach (var type in typeArguments)
                {
                    calls.Add(type.Name);
                }
            }

            AddHelperCalls(invocation.TargetMethod, calls, cancellationToken);
        }

        return anchor is null ? null : new ApplicationPipeline(anchor, appVariable, calls.ToImmutable());
    }

    /// <summary>Method names called inside a helper of the application's own code that takes the app.</summary>
    private static void AddHelperCalls(IMethodSymbol method, ImmutableHashSet<string>.Builder calls, CancellationToken cancellationToken)
    {
        var original = method.ReducedFrom ?? method;
        if (original.DeclaringSyntaxReferences.IsEmpty
            || !original.Parameters.Any(static p => p.Type.Name is "IApplicationBuilder" or "WebApplication" or "IEndpointRouteBuilder"))
        {
            return;
        }

        foreach (var reference in original.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText.StartsWith("Use", StringComparison.Ordinal))
                {
                    calls.Add(token.ValueText);
                }
            }
        }
    }
}

internal static class MethodSymbolExtensions
{
    public static ImmutableArray<ITypeSymbol>? GenericArguments(this IMethodSymbol method) => method.IsGenericMethod ? method.TypeArguments : null;
}
