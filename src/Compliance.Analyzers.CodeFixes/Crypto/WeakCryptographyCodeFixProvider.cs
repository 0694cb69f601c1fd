using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Crypto;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Crypto;

/// <summary>
/// Fixes CMP6001 where the change is mechanical: MD5 or SHA-1 hashing becomes SHA-256
/// (<c>MD5.Create()</c> → <c>SHA256.Create()</c>, <c>SHA1.HashData(data)</c> → <c>SHA256.HashData(data)</c>,
/// <c>new SHA1Managed()</c> → <c>SHA256.Create()</c>, <c>HashAlgorithmName.MD5</c> → <c>HashAlgorithmName.SHA256</c>
/// in <c>CryptographicOperations.HashData</c> and <c>IncrementalHash.CreateHash</c>). Not offered when the result is stored in a
/// variable typed as the weak algorithm or written into a fixed-size buffer, where the longer
/// digest would not fit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakCryptographyCodeFixProvider)), Shared]
public sealed class WeakCryptographyCodeFixProvider : ComplianceCodeFixProvider
{
    public const string UseSha256Key = RuleIds.WeakCryptography + ".UseSha256";

    private const string Sha256 = "System.Security.Cryptography.SHA256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakCryptography);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(WeakCryptographyAnalyzer.UseSha256Property)
                || FindNode(root, diagnostic, getInnermostNodeForTie: true) is not ExpressionSyntax weak
                || !IsReplaceable(weak))
            {
                continue;
            }

            RegisterCodeFix(context, diagnostic, "Use SHA-256", ct => FixAsync(context.Document, weak, ct), UseSha256Key);
        }

        return Task.CompletedTask;
    }

    private static bool IsReplaceable(ExpressionSyntax weak)
    {
        if (weak is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 1 })
        {
            return false;
        }

        // MD5 md5 = MD5.Create(); would no longer compile with SHA256.
        return weak.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: { IsVar: false } type } } }
            || type.ToString() is "HashAlgorithm" or "System.Security.Cryptography.HashAlgorithm";
    }

    private static Task<Document> FixAsync(Document document, ExpressionSyntax weak, CancellationToken cancellationToken)
    {
        ExpressionSyntax replacement = weak switch
        {
            // HashAlgorithmName.MD5 passed to a one-shot or incremental hash.
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MD5" or "SHA1" } name
                => name.WithName(SyntaxFactory.IdentifierName("SHA256").WithTriviaFrom(name.Name)),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                => invocation.WithExpression(member.WithExpression(ExpressionFactory.TypeExpression(Sha256).WithTriviaFrom(member.Expression))),
            _ => SyntaxFactory.InvocationExpression(ExpressionFactory.StaticMember(Sha256, "Create")).WithTriviaFrom(weak),
        };

        return DocumentCleanup.ReplaceAsync(document, weak, replacement, cancellationToken);
    }
}
