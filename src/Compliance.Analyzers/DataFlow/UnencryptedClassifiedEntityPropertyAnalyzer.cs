using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.DataFlow;

/// <summary>
/// CMP2007: a classified property of an EF Core entity that is stored in clear. Entities are the
/// types a <c>DbContext</c> exposes as <c>DbSet&lt;T&gt;</c>, configures with
/// <c>modelBuilder.Entity&lt;T&gt;()</c> in <c>OnModelCreating</c>, or configures in an
/// <c>IEntityTypeConfiguration&lt;T&gt;</c>. A property is encrypted when it (or the property it
/// overrides) has <c>[Encrypted]</c>, or when its fluent configuration (<c>.Property(x =&gt; x.Ssn)</c>)
/// calls an encryption method of Compliance.Runtime.
/// </summary>
/// <remarks>
/// Each property is reported from the action of the type that declares it, so the diagnostic is
/// local to that declaration: the IDE shows it, and offers its fix, in the document where the
/// property is. Reporting it from the context's action, as a diagnostic in another type's
/// declaration, made it a compilation-wide diagnostic that the IDE neither shows live nor fixes.
/// Which entities are persisted needs every context and configuration class; they are found once
/// per compilation, when the first type that declares a classified property is analyzed.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnencryptedClassifiedEntityPropertyAnalyzer : ComplianceAnalyzer
{
    public UnencryptedClassifiedEntityPropertyAnalyzer()
        : base(Descriptors.ClassifiedDataPersistedUnencrypted)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.Get(TypeNames.DbContext) is not null;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var classification = ClassificationModel.For(context.Compilation, context.Options);
        if (!classification.CanClassify)
        {
            return;
        }

        var model = EntityModel.For(classification, knownTypes)!;
        var compilation = context.Compilation;
        var cancellationToken = context.CancellationToken;
        var persisted = new Lazy<IReadOnlyList<PersistedEntity>>(() => PersistedEntity.In(compilation, model, cancellationToken));
        context.RegisterSymbolAction(c => AnalyzeType(c, model, persisted), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, EntityModel model, Lazy<IReadOnlyList<PersistedEntity>> persisted)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var classified = new List<(IPropertySymbol Property, string Display)>();
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property
                && property.Locations.Any(static l => l.IsInSource)
                && model.Classification.TryGetClassification(property, out var classification))
            {
                classified.Add((property, classification.Display));
            }
        }

        if (classified.Count == 0)
        {
            return;
        }

        // The first persisting entity (in declaration order) that stores a property in clear names it.
        foreach (var (property, display) in classified)
        {
            foreach (var entry in persisted.Value)
            {
                if (entry.Entity.InheritsFromOrEqualsDefinition(type) && !entry.Persisted.IsEncrypted(property, model.EncryptedAttribute))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ClassifiedDataPersistedUnencrypted,
                        property.Locations[0],
                        entry.Entity.Name,
                        property.Name,
                        display,
                        entry.Origin));
                    break;
                }
            }
        }
    }
}
