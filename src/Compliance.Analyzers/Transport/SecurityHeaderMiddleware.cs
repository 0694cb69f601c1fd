using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// Recognises security-header middleware the application writes itself, for CMP5003: an inline
/// <c>app.Use(…)</c> lambda, or a middleware class registered with <c>UseMiddleware&lt;T&gt;()</c>
/// (directly or from a helper that takes the app), that sets <c>X-Content-Type-Options</c> or
/// <c>Content-Security-Policy</c> on the response. Those two headers are the ones no hand-written
/// header middleware omits, so either one marks the middleware as the application's header policy.
/// </summary>
internal static class SecurityHeaderMiddleware
{
    private static readonly string[] HeaderNames = ["X-Content-Type-Options", "Content-Security-Policy"];

    /// <summary>The spellings a file must contain before any of its operations are walked.</summary>
    private static readonly string[] TextMarkers = ["X-Content-Type-Options", "Content-Security-Policy", "XContentTypeOptions", "ContentSecurityPolicy"];

    /// <summary>
    /// True when <paramref name="body"/> (a pipeline body) adds, outside development-only branches,
    /// middleware of the application's own that sets a security header.
    /// </summary>
    public static bool IsAddedBy(IOperation body, CancellationToken cancellationToken) =>
        body.SemanticModel is { } model && Scan(body, model, followHelpers: true, cancellationToken);

    private static bool Scan(IOperation body, SemanticModel model, bool followHelpers, CancellationToken cancellationToken)
    {
        var inlineChecked = false;
        var inlineMentions = false;
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not IInvocationOperation invocation
                || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(invocation)
                || IsInBranchPipeline(invocation))
            {
                continue;
            }

            if (invocation.TargetMethod.Name == "Use")
            {
                // The file text is searched once, and only when the pipeline has an inline middleware.
                if (!inlineChecked)
                {
                    inlineChecked = true;
                    inlineMentions = MentionsSecurityHeader(body.Syntax.SyntaxTree, cancellationToken);
                }

                if (inlineMentions && invocation.Arguments.Any(a => AnonymousFunction(a.Value) is { } lambda && SetsSecurityHeader(lambda, cancellationToken)))
                {
                    return true;
                }
            }
            else if (MiddlewareType(invocation) is { } middleware)
            {
                if (MiddlewareSetsSecurityHeader(middleware, model, cancellationToken))
                {
                    return true;
                }
            }
            else if (followHelpers && HelperBody(invocation.TargetMethod, model, cancellationToken) is { } helper)
            {
                // One level into the application's own helpers, as ApplicationPipeline does: the
                // helper's app.Use(…) and UseMiddleware<T>() calls add to this pipeline.
                if (Scan(helper, helper.SemanticModel ?? model, followHelpers: false, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A <c>Use</c> inside the branch of <c>UseWhen</c>, <c>MapWhen</c> or <c>Map</c> only runs for some
    /// requests, so its headers are not the application's policy.
    /// </summary>
    private static bool IsInBranchPipeline(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation { TargetMethod.Name: "UseWhen" or "MapWhen" or "Map" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>T of <c>UseMiddleware&lt;T&gt;()</c> or <c>UseMiddleware(typeof(T))</c>, when T is the application's own.</summary>
    private static INamedTypeSymbol? MiddlewareType(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name != "UseMiddleware")
        {
            return null;
        }

        var type = invocation.TargetMethod.TypeArguments.FirstOrDefault()
            ?? invocation.Arguments.Select(static a => a.Value).OfType<ITypeOfOperation>().FirstOrDefault()?.TypeOperand;
        return type is INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } named ? named : null;
    }

    private static bool MiddlewareSetsSecurityHeader(INamedTypeSymbol middleware, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var method in middleware.GetMembers().OfType<IMethodSymbol>())
        {
            var isInvoke = method.Name is "Invoke" or "InvokeAsync"
                || method.ExplicitInterfaceImplementations.Any(static m => m.Name == "InvokeAsync");
            if (!isInvoke)
            {
                continue;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (!MentionsSecurityHeader(reference.SyntaxTree, cancellationToken))
                {
                    continue;
                }

                var syntax = reference.GetSyntax(cancellationToken);
                if (SemanticModels.ForDeclaration(model, reference.SyntaxTree)?.GetOperation(syntax, cancellationToken) is { } operation
                    && SetsSecurityHeader(operation, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The body of a helper of the application's own that takes the app, as an operation.</summary>
    private static IOperation? HelperBody(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        var original = method.ReducedFrom ?? method;
        if (original.DeclaringSyntaxReferences.Length != 1
            || !original.Parameters.Any(static p => p.Type.Name is "IApplicationBuilder" or "WebApplication"))
        {
            return null;
        }

        var reference = original.DeclaringSyntaxReferences[0];
        return SemanticModels.ForDeclaration(model, reference.SyntaxTree)?.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
    }

    private static IAnonymousFunctionOperation? AnonymousFunction(IOperation value)
    {
        while (value is IConversionOperation or IDelegateCreationOperation)
        {
            value = value is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)value).Target;
        }

        return value as IAnonymousFunctionOperation;
    }

    /// <summary>
    /// True when <paramref name="root"/> sets a security header on the response outside
    /// development-only branches. Lambdas inside it (<c>Response.OnStarting(() => …)</c>) are included.
    /// </summary>
    private static bool SetsSecurityHeader(IOperation root, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sets = operation switch
            {
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } => IsHeaderTarget(target),
                IInvocationOperation invocation => IsHeaderAdd(invocation),
                _ => false,
            };
            if (sets && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Headers["X-Content-Type-Options"] = …</c> or <c>Headers.ContentSecurityPolicy = …</c>.</summary>
    private static bool IsHeaderTarget(IPropertyReferenceOperation target)
    {
        if (!IsResponseHeaders(target.Instance))
        {
            return false;
        }

        return target.Property.IsIndexer
            ? target.Arguments.Length == 1 && IsSecurityHeaderName(target.Arguments[0].Value)
            : target.Property.Name is "XContentTypeOptions" or "ContentSecurityPolicy";
    }

    /// <summary><c>Headers.Append(…)</c>, <c>Headers.Add(…)</c> or <c>Headers.TryAdd(…)</c> with a security header's name.</summary>
    private static bool IsHeaderAdd(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Name is not ("Append" or "Add" or "TryAdd"))
        {
            return false;
        }

        // Append and TryAdd are extension methods: the headers are their first argument.
        var isExtension = invocation.TargetMethod.IsExtensionMethod;
        var headers = isExtension ? invocation.Arguments.FirstOrDefault()?.Value : invocation.Instance;
        var nameIndex = isExtension ? 1 : 0;
        return invocation.Arguments.Length > nameIndex
            && IsResponseHeaders(headers)
            && IsSecurityHeaderName(invocation.Arguments[nameIndex].Value);
    }

    /// <summary>A header dictionary that is not the request's (request headers never reach the browser).</summary>
    private static bool IsResponseHeaders(IOperation? headers)
    {
        while (headers is IConversionOperation conversion)
        {
            headers = conversion.Operand;
        }

        if (headers?.Type is not { } type
            || !(type.Name == "IHeaderDictionary" || type.AllInterfaces.Any(static i => i.Name == "IHeaderDictionary")))
        {
            return false;
        }

        return headers is not IPropertyReferenceOperation { Property: { Name: "Headers", ContainingType.Name: "HttpRequest" } };
    }

    private static bool IsSecurityHeaderName(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IFieldReferenceOperation { Field: { Name: "XContentTypeOptions" or "ContentSecurityPolicy", ContainingType.Name: "HeaderNames" } })
        {
            return true;
        }

        return value.ConstantValue is { HasValue: true, Value: string name }
            && HeaderNames.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The cheap pre-check: a file that never spells a security header's name sets none.</summary>
    private static bool MentionsSecurityHeader(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken).ToString();
        return TextMarkers.Any(m => text.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
