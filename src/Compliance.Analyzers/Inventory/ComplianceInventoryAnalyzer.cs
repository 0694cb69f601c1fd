using System.Collections.Concurrent;
using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Inventory;

/// <summary>
/// CMP9101 and CMP9102 (inventory, only with <c>ComplianceReport=true</c>): every member the
/// <see cref="ClassificationModel"/> classifies, with whether it is encrypted and where EF Core
/// persists it (found by <see cref="PersistedEntities"/>, as CMP2007 does), and every suppression
/// of a compliance rule with its justification (found by <see cref="Suppressions"/>, as CMP9002
/// does).
/// </summary>
/// <remarks>
/// Classified members are reported from a compilation-end action: where a member is persisted is a
/// whole-program fact (a DbContext anywhere in the compilation may expose its type), and the action
/// only exists when the report is asked for.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ComplianceInventoryAnalyzer : ComplianceAnalyzer
{
    public const string TypeProperty = "type";
    public const string MemberProperty = "member";
    public const string ClassificationProperty = "classification";
    public const string AttributeProperty = "attribute";
    public const string CategoryProperty = "category";
    public const string EncryptedProperty = "encrypted";
    public const string PersistedProperty = "persisted";
    public const string SuppressionKindProperty = "kind";
    public const string RuleIdsProperty = "ruleIds";
    public const string JustificationProperty = "justification";
    public const string WhereProperty = "where";

    public ComplianceInventoryAnalyzer()
        : base(Descriptors.InventoryClassifiedMember, Descriptors.InventorySuppression)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        if (!ComplianceReportSwitch.IsOn(context.Options))
        {
            return;
        }

        context.RegisterSyntaxTreeAction(static c =>
        {
            foreach (var pragma in Suppressions.Pragmas(c.Tree, c.CancellationToken))
            {
                c.ReportDiagnostic(Describe(pragma));
            }
        });
        context.RegisterSyntaxNodeAction(
            static c =>
            {
                if (Suppressions.FromAttribute((AttributeSyntax)c.Node, c.SemanticModel, c.CancellationToken) is { } suppression)
                {
                    c.ReportDiagnostic(Describe(suppression));
                }
            },
            SyntaxKind.Attribute);

        var classification = ClassificationModel.For(context.Compilation, context.Options);
        var entities = EntityModel.For(classification, knownTypes);
        var state = new State();
        if (classification.CanClassify)
        {
            context.RegisterSymbolAction(c => Collect(c, classification, entities, state), SymbolKind.NamedType);
        }

        context.RegisterCompilationEndAction(c =>
        {
            foreach (var suppression in Suppressions.Configuration(c.Compilation, c.Options, c.CancellationToken))
            {
                c.ReportDiagnostic(Describe(suppression));
            }

            foreach (var member in state.Members)
            {
                c.ReportDiagnostic(Describe(member, entities, state));
            }
        });
    }

    private static void Collect(SymbolAnalysisContext context, ClassificationModel classification, EntityModel? entities, State state)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (entities is not null && PersistedEntities.Discover(type, context.Compilation, entities, context.CancellationToken) is { } persisted)
        {
            foreach (var entry in persisted.Entities)
            {
                state.Origins.GetOrAdd(entry.Key, static _ => new ConcurrentBag<string>()).Add(entry.Value);
            }

            foreach (var property in persisted.EncryptedByConfiguration)
            {
                state.EncryptedByConfiguration.TryAdd(property, true);
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (member is not (IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsImplicitlyDeclared: false })
                || !member.Locations.Any(static l => l.IsInSource)
                || !classification.TryGetClassification(member, out var classified))
            {
                continue;
            }

            state.Members.Add(new ClassifiedMember(member, classified));
        }
    }

    private static Diagnostic Describe(ClassifiedMember classified, EntityModel? entities, State state)
    {
        var member = classified.Symbol;
        var type = member.ContainingType;
        var encrypted = member is IPropertySymbol property
            && (PersistedEntities.HasEncryptedAttribute(property, entities?.EncryptedAttribute) || state.EncryptedByConfiguration.ContainsKey(property.OriginalDefinition));
        var origins = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in state.Origins)
        {
            for (INamedTypeSymbol? current = entry.Key; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, type.OriginalDefinition))
                {
                    foreach (var origin in entry.Value)
                    {
                        origins.Add(origin);
                    }

                    break;
                }
            }
        }

        var persisted = string.Join("; ", origins);
        var kind = classified.Classification.Kind.ToString().ToLowerInvariant();
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[TypeProperty] = type.ToDisplayString();
        properties[MemberProperty] = member.Name;
        properties[ClassificationProperty] = kind;
        properties[AttributeProperty] = classified.Classification.AttributeName;
        properties[CategoryProperty] = Category(member) ?? "";
        properties[EncryptedProperty] = encrypted ? "true" : "false";
        properties[PersistedProperty] = persisted;
        return Diagnostic.Create(
            Descriptors.InventoryClassifiedMember,
            member.Locations[0],
            properties.ToImmutable(),
            type.Name,
            member.Name,
            classified.Classification.Display,
            (encrypted ? "encrypted" : "not encrypted") + (persisted.Length == 0 ? ", not persisted by EF Core" : ", persisted by " + persisted));
    }

    private static Diagnostic Describe(RuleSuppression suppression)
    {
        var kind = suppression.Kind.ToString().ToLowerInvariant();
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[SuppressionKindProperty] = kind;
        properties[RuleIdsProperty] = string.Join(",", suppression.RuleIds);
        properties[JustificationProperty] = suppression.Justification ?? "";
        properties[WhereProperty] = suppression.Where ?? "";
        var what = suppression.Kind switch
        {
            SuppressionKind.Pragma => "#pragma warning disable",
            SuppressionKind.Attribute => "[SuppressMessage]",
            _ => "Configuration " + suppression.Where,
        };
        return Diagnostic.Create(
            Descriptors.InventorySuppression,
            suppression.Location,
            properties.ToImmutable(),
            what,
            string.Join(", ", suppression.RuleIds),
            suppression.Justification ?? "no justification");
    }

    /// <summary>The <c>Category</c> the classification attribute names (<c>[Phi(Category = "ssn")]</c>), if any.</summary>
    private static string? Category(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Category" && argument.Value.Value is string category)
                {
                    return category;
                }
            }
        }

        return null;
    }

    private readonly struct ClassifiedMember
    {
        public ClassifiedMember(ISymbol symbol, DataClassification classification)
        {
            Symbol = symbol;
            Classification = classification;
        }

        public ISymbol Symbol { get; }

        public DataClassification Classification { get; }
    }

    private sealed class State
    {
        public ConcurrentBag<ClassifiedMember> Members { get; } = new();

        public ConcurrentDictionary<INamedTypeSymbol, ConcurrentBag<string>> Origins { get; } = new(SymbolEqualityComparer.Default);

        public ConcurrentDictionary<ISymbol, bool> EncryptedByConfiguration { get; } = new(SymbolEqualityComparer.Default);
    }
}
