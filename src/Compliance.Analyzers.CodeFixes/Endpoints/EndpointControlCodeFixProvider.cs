using System.Collections.Immutable;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Endpoints;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Shared shape of the endpoint fixes: an attribute on the action (or on the controller / page
/// model class, where the analyzer asks for it, since Razor Pages read attributes from the class
/// only), or a convention appended to a minimal API's <c>Map…</c> call. Fix All applies each
/// target once per document, so several handlers of one page model add one class attribute.
/// </summary>
public abstract class EndpointControlCodeFixProvider : CodeFixProvider
{
    private const string RuntimeConventions = "Microsoft.AspNetCore.Builder.ComplianceEndpointConventionBuilderExtensions";

    /// <summary>The control, described for the code action title (<c>[Audited]</c>).</summary>
    protected abstract string AttributeTitle { get; }

    /// <summary>The attribute's metadata name.</summary>
    protected abstract string AttributeMetadataName { get; }

    /// <summary>The convention appended to minimal APIs (<c>Audited</c>).</summary>
    protected abstract string ConventionName { get; }

    /// <summary>The type that declares the convention, so its namespace is imported.</summary>
    protected virtual string ConventionTypeMetadataName => RuntimeConventions;

    protected abstract string EquivalenceKey { get; }

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var fixable = diagnostics.Where(CanFix).ToImmutableArray();
        return fixable.IsEmpty
            ? document
            : await LineEndings.RestoreAsync(document, await ApplyAsync(document, fixable, null, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanFix(diagnostic) || !TypesExist(model.Compilation, Target(diagnostic)))
            {
                continue;
            }

            RegisterFixes(context, diagnostic);
        }
    }

    /// <summary>Registers the code actions for one diagnostic; the default is one action placing the control where the analyzer asks.</summary>
    protected virtual void RegisterFixes(CodeFixContext context, Diagnostic diagnostic)
    {
        var title = Target(diagnostic) == FixTargets.Invocation ? $"Add .{ConventionName}()" : $"Add {AttributeTitle}";
        context.RegisterCodeFix(
            ComplianceCodeAction.Create(title, context.Document, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), null, ct), EquivalenceKey),
            diagnostic);
    }

    /// <summary>False for diagnostics the control would not resolve (an explicit opt-out that wins over it).</summary>
    protected virtual bool CanFix(Diagnostic diagnostic) => Target(diagnostic) is FixTargets.Method or FixTargets.Class or FixTargets.Invocation;

    /// <summary>The attribute's arguments.</summary>
    private protected virtual IEnumerable<AttributeArgumentSyntax> AttributeArguments(Diagnostic diagnostic) => Array.Empty<AttributeArgumentSyntax>();

    /// <summary>The convention's arguments.</summary>
    private protected virtual IEnumerable<ArgumentSyntax> ConventionArguments(Diagnostic diagnostic) => Array.Empty<ArgumentSyntax>();

    /// <summary>
    /// When true, an existing attribute of the same type on the target (or the same convention
    /// chained on the Map call) gets the new arguments instead of a second copy.
    /// </summary>
    protected virtual bool ReplacesExisting => false;

    protected static string? Target(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(EndpointAnalyzer.FixTargetProperty, out var target) ? target : null;

    private bool TypesExist(Compilation compilation, string? target)
        => KnownTypes.For(compilation).Get(target == FixTargets.Invocation ? ConventionTypeMetadataName : AttributeMetadataName) is not null;

    /// <param name="forcedTarget">Overrides the target the analyzer chose (for example the controller class).</param>
    protected async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? forcedTarget, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || diagnostics.IsEmpty)
        {
            return document;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var edits = new Dictionary<SyntaxNode, Diagnostic>();
        var replaced = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            SyntaxNode? target = (forcedTarget ?? Target(diagnostic)) switch
            {
                FixTargets.Method => node.FirstAncestorOrSelf<MethodDeclarationSyntax>(),
                FixTargets.Class => node.FirstAncestorOrSelf<TypeDeclarationSyntax>(),
                FixTargets.Invocation => node.FirstAncestorOrSelf<InvocationExpressionSyntax>(),
                _ => null,
            };
            if (ReplacesExisting && target is InvocationExpressionSyntax mapCall && ChainedConvention(mapCall, ConventionName) is { } chained)
            {
                target = chained;
                replaced.Add(chained);
            }

            if (target is not null && !edits.ContainsKey(target))
            {
                edits.Add(target, diagnostic);
            }
        }

        if (edits.Count == 0)
        {
            return document;
        }

        var fixedRoot = root.ReplaceNodes(edits.Keys, (original, rewritten) => rewritten switch
        {
            InvocationExpressionSyntax invocation when replaced.Contains(original)
                => invocation.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(ConventionArguments(edits[original]))).WithTriviaFrom(invocation.ArgumentList)),
            InvocationExpressionSyntax invocation => AppendConvention(invocation, edits[original]),
            MemberDeclarationSyntax declaration => AddAttribute(generator, declaration, edits[original]),
            _ => rewritten,
        });
        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false);
    }

    private SyntaxNode AddAttribute(SyntaxGenerator generator, MemberDeclarationSyntax declaration, Diagnostic diagnostic)
    {
        var typeName = AttributeMetadataName.Substring(AttributeMetadataName.LastIndexOf('.') + 1);
        var name = typeName.EndsWith("Attribute", StringComparison.Ordinal) ? typeName.Substring(0, typeName.Length - "Attribute".Length) : typeName;
        var arguments = AttributeArguments(diagnostic).ToList();
        var attribute = SyntaxFactory.Attribute(
            ExpressionFactory.TypeName(AttributeMetadataName),
            arguments.Count == 0 ? null : SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));

        if (ReplacesExisting)
        {
            foreach (var list in declaration.AttributeLists)
            {
                foreach (var existing in list.Attributes)
                {
                    var existingName = existing.Name.ToString();
                    if (existingName == name || existingName == name + "Attribute" || existingName.EndsWith("." + name, StringComparison.Ordinal) || existingName.EndsWith("." + name + "Attribute", StringComparison.Ordinal))
                    {
                        return declaration.ReplaceNode(existing, existing.WithArgumentList(attribute.ArgumentList).WithAdditionalAnnotations(Formatter.Annotation));
                    }
                }
            }
        }

        return generator.AddAttributes(declaration, SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private SyntaxNode AppendConvention(InvocationExpressionSyntax invocation, Diagnostic diagnostic)
        => ExpressionFactory.ExtensionCall(ConventionTypeMetadataName, ConventionName, invocation.WithoutTrivia(), ConventionArguments(diagnostic))
            .WithTriviaFrom(invocation);

    /// <summary>
    /// For <see cref="ReplacesExisting"/> conventions: the same convention already chained directly
    /// on the Map call (<c>app.MapPost(…).RateLimited(RateLimitTier.Standard)</c>), whose arguments
    /// are replaced instead.
    /// </summary>
    private static InvocationExpressionSyntax? ChainedConvention(InvocationExpressionSyntax mapCall, string name)
    {
        SyntaxNode current = mapCall;
        while (current.Parent is MemberAccessExpressionSyntax member && member.Expression == current && member.Parent is InvocationExpressionSyntax outer)
        {
            if (member.Name.Identifier.ValueText == name)
            {
                return outer;
            }

            current = outer;
        }

        return null;
    }
}
