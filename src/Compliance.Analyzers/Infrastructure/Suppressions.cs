using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>How a compliance rule is switched off.</summary>
public enum SuppressionKind
{
    /// <summary><c>#pragma warning disable CMPxxxx</c>.</summary>
    Pragma,

    /// <summary><c>[SuppressMessage(…, "CMPxxxx")]</c>.</summary>
    Attribute,

    /// <summary><c>dotnet_diagnostic.CMPxxxx.severity = none</c> or <c>NoWarn</c>.</summary>
    Configuration,
}

/// <summary>One suppression of compliance rules and its written reason (null when there is none).</summary>
public sealed class RuleSuppression
{
    public RuleSuppression(SuppressionKind kind, ImmutableArray<string> ruleIds, string? justification, Location location, string? where = null)
    {
        Kind = kind;
        RuleIds = ruleIds;
        Justification = justification;
        Location = location;
        Where = where;
    }

    public SuppressionKind Kind { get; }

    public ImmutableArray<string> RuleIds { get; }

    /// <summary>The reason an auditor reads; null when the suppression has none.</summary>
    public string? Justification { get; }

    public Location Location { get; }

    /// <summary>For configuration suppressions: where the rule is turned off.</summary>
    public string? Where { get; }
}

/// <summary>
/// Finds suppressions of compliance rules and their justifications, for CMP9002 (which reports
/// those without one) and for the compliance report's inventory (which lists them all).
/// </summary>
internal static class Suppressions
{
    /// <summary>Every compliance rule id but CMP9002's own, for configuration look-ups.</summary>
    public static readonly Lazy<ImmutableArray<string>> RuleIdentifiers = new(static () => typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(static f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(static f => (string)f.GetRawConstantValue()!)
        .Where(static id => id != RuleIds.UnjustifiedSuppression && !id.StartsWith("CMP91", StringComparison.Ordinal))
        .OrderBy(static id => id, StringComparer.Ordinal)
        .ToImmutableArray());

    /// <summary>The <c>#pragma warning disable</c> directives of compliance rules in the tree; the justification is the comment on the directive's line.</summary>
    public static IEnumerable<RuleSuppression> Pragmas(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var root = tree.GetRoot(cancellationToken);
        if (!root.ContainsDirectives)
        {
            yield break;
        }

        // Walking directive to directive skips every subtree without one, unlike a trivia scan.
        for (var next = root.GetFirstDirective(); next is not null; next = next.GetNextDirective())
        {
            if (next is not PragmaWarningDirectiveTriviaSyntax directive || !directive.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword))
            {
                continue;
            }

            var ids = directive.ErrorCodes.Select(static c => c.ToString().Trim()).Where(static id => id.StartsWith("CMP", StringComparison.OrdinalIgnoreCase)).ToImmutableArray();
            if (ids.IsEmpty)
            {
                continue;
            }

            var comment = directive.DescendantTrivia()
                .Where(static t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                .Select(static t => CommentText(t.ToString()))
                .FirstOrDefault();
            yield return new RuleSuppression(SuppressionKind.Pragma, ids, comment, directive.GetLocation());
        }
    }

    /// <summary>A <c>[SuppressMessage]</c> of a compliance rule, or null for any other attribute.</summary>
    public static RuleSuppression? FromAttribute(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        if (attribute.ArgumentList is not { Arguments.Count: >= 2 } arguments
            || !attribute.Name.ToString().EndsWith("SuppressMessage", StringComparison.Ordinal) && !attribute.Name.ToString().EndsWith("SuppressMessageAttribute", StringComparison.Ordinal)
            || model.GetConstantValue(arguments.Arguments[1].Expression, cancellationToken) is not { HasValue: true, Value: string checkId }
            || !checkId.StartsWith("CMP", StringComparison.OrdinalIgnoreCase)
            || model.GetTypeInfo(attribute, cancellationToken).Type?.ToDisplayString() != "System.Diagnostics.CodeAnalysis.SuppressMessageAttribute")
        {
            return null;
        }

        var justification = arguments.Arguments
            .Where(static a => a.NameEquals?.Name.Identifier.ValueText == "Justification")
            .Select(a => model.GetConstantValue(a.Expression, cancellationToken))
            .FirstOrDefault();
        var text = justification is { HasValue: true, Value: string value } && !string.IsNullOrWhiteSpace(value) && value.Trim() != "<Pending>" ? value.Trim() : null;
        return new RuleSuppression(SuppressionKind.Attribute, ImmutableArray.Create(checkId.Split(':')[0]), text, attribute.GetLocation());
    }

    /// <summary>
    /// Compliance rules turned off in the project, a global configuration or an .editorconfig; the
    /// justification is the <c>dotnet_diagnostic.CMPxxxx.justification</c> key (analyzers cannot
    /// read comments in configuration files).
    /// </summary>
    public static IEnumerable<RuleSuppression> Configuration(Compilation compilation, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
    {
        var provider = analyzerOptions.AnalyzerConfigOptionsProvider;
        foreach (var id in RuleIdentifiers.Value)
        {
            string? where = null;
            AnalyzerConfigOptions? options = null;
            if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out var fromProject) && fromProject == ReportDiagnostic.Suppress)
            {
                where = "in the project (NoWarn or a rule set)";
                options = provider.GlobalOptions;
            }
            else if (compilation.Options.SyntaxTreeOptionsProvider is { } treeOptions)
            {
                if (treeOptions.TryGetGlobalDiagnosticValue(id, cancellationToken, out var global) && global == ReportDiagnostic.Suppress)
                {
                    where = "in a global configuration file";
                    options = provider.GlobalOptions;
                }
                else
                {
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        if (treeOptions.TryGetDiagnosticValue(tree, id, cancellationToken, out var local) && local == ReportDiagnostic.Suppress)
                        {
                            where = "in an .editorconfig";
                            options = provider.GetOptions(tree);
                            break;
                        }
                    }
                }
            }

            if (where is null || options is null)
            {
                continue;
            }

            var key = JustificationKey(id);
            if ((!options.TryGetValue(key, out var reason) || string.IsNullOrWhiteSpace(reason))
                && (!provider.GlobalOptions.TryGetValue(key, out reason) || string.IsNullOrWhiteSpace(reason)))
            {
                reason = null;
            }

            yield return new RuleSuppression(SuppressionKind.Configuration, ImmutableArray.Create(id), reason?.Trim(), Location.None, where);
        }
    }

    public static string JustificationKey(string id) => "dotnet_diagnostic." + id + ".justification";

    private static string CommentText(string comment)
    {
        var text = comment.StartsWith("//", StringComparison.Ordinal) ? comment.Substring(2)
            : comment.StartsWith("/*", StringComparison.Ordinal) && comment.EndsWith("*/", StringComparison.Ordinal) && comment.Length >= 4 ? comment.Substring(2, comment.Length - 4)
            : comment;
        return text.Trim();
    }
}
