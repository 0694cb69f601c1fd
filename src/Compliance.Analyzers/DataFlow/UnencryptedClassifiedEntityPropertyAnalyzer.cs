using System.Collections.Concurrent;
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
/// calls an encryption method of Compliance.Runtime. The analysis starts from each context or
/// configuration class, so it needs no compilation-wide pass.
/// </summary>
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

        // Several contexts may expose one entity; each property is reported once.
        var reported = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        var model = EntityModel.For(classification, knownTypes)!;
        context.RegisterSymbolAction(c => AnalyzeType(c, model, reported), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, EntityModel model, ConcurrentDictionary<ISymbol, bool> reported)
    {
        if (PersistedEntities.Discover((INamedTypeSymbol)context.Symbol, context.Compilation, model, context.CancellationToken) is not { } persisted)
        {
            return;
        }

        foreach (var entry in persisted.Entities)
        {
            ReportEntity(context, entry.Key, entry.Value, model, persisted, reported);
        }
    }

    private static void ReportEntity(
        SymbolAnalysisContext context,
        INamedTypeSymbol entity,
        string origin,
        EntityModel model,
        PersistedEntities persisted,
        ConcurrentDictionary<ISymbol, bool> reported)
    {
        for (var current = entity; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false } property
                    || !property.Locations.Any(static l => l.IsInSource)
                    || !model.Classification.TryGetClassification(property, out var classification)
                    || persisted.IsEncrypted(property, model.EncryptedAttribute)
                    || !reported.TryAdd(property.OriginalDefinition, true))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ClassifiedDataPersistedUnencrypted,
                    property.Locations[0],
                    entity.Name,
                    property.Name,
                    classification.Display,
                    origin));
            }
        }
    }
}
