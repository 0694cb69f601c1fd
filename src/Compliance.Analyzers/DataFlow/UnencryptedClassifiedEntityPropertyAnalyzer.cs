using System.Collections.Concurrent;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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

        var dbContext = knownTypes.Get(TypeNames.DbContext)!;
        var dbSet = knownTypes.Get(TypeNames.DbSet);
        var modelBuilder = knownTypes.Get(TypeNames.ModelBuilder);
        var configuration = knownTypes.Get(TypeNames.EntityTypeConfiguration);
        var encryptedAttribute = knownTypes.Get(TypeNames.EncryptedAttribute);

        // Several contexts may expose one entity; each property is reported once.
        var reported = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        var model = new Model(classification, dbContext, dbSet, modelBuilder, configuration, encryptedAttribute);
        context.RegisterSymbolAction(c => AnalyzeType(c, model, reported), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, Model model, ConcurrentDictionary<ISymbol, bool> reported)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var entities = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        IMethodSymbol? configurationMethod = null;

        if (type.InheritsFrom(model.DbContext))
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { Type: INamedTypeSymbol { IsGenericType: true } setType }
                    && SymbolEqualityComparer.Default.Equals(setType.OriginalDefinition, model.DbSet)
                    && setType.TypeArguments[0] is INamedTypeSymbol entity)
                {
                    entities[entity] = "DbSet<" + entity.Name + "> on " + type.Name;
                }
            }

            configurationMethod = type.GetMembers("OnModelCreating").OfType<IMethodSymbol>().FirstOrDefault(static m => m.IsOverride);
        }
        else if (model.Configuration is not null)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, model.Configuration)
                    && @interface.TypeArguments[0] is INamedTypeSymbol entity)
                {
                    entities[entity] = "configured by " + type.Name;
                    configurationMethod = type.GetMembers("Configure").OfType<IMethodSymbol>().FirstOrDefault();
                }
            }
        }

        if (entities.Count == 0 && configurationMethod is null)
        {
            return;
        }

        var encryptedByConfiguration = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (configurationMethod is not null)
        {
            ScanConfiguration(context, configurationMethod, model, entities, encryptedByConfiguration);
        }

        foreach (var entry in entities)
        {
            ReportEntity(context, entry.Key, entry.Value, model, encryptedByConfiguration, reported);
        }
    }

    /// <summary>Finds <c>modelBuilder.Entity&lt;T&gt;()</c> calls and properties configured as encrypted in the configuration method.</summary>
    private static void ScanConfiguration(
        SymbolAnalysisContext context,
        IMethodSymbol method,
        Model model,
        Dictionary<INamedTypeSymbol, string> entities,
        HashSet<ISymbol> encryptedByConfiguration)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (SemanticModels.ForDeclaration(context.Compilation, reference.SyntaxTree) is not { } semanticModel)
            {
                continue;
            }

            var syntax = reference.GetSyntax(context.CancellationToken);
            foreach (var node in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (semanticModel.GetOperation(node, context.CancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var target = invocation.TargetMethod;
                if (target.Name == "Entity"
                    && target.IsGenericMethod
                    && SymbolEqualityComparer.Default.Equals(target.ContainingType, model.ModelBuilder)
                    && target.TypeArguments[0] is INamedTypeSymbol entity
                    && !entities.ContainsKey(entity))
                {
                    entities[entity] = "modelBuilder.Entity<" + entity.Name + ">()";
                }

                if (IsEncryptionConfiguration(target) && ConfiguredProperty(invocation) is { } property)
                {
                    encryptedByConfiguration.Add(property.OriginalDefinition);
                }
            }
        }
    }

    private static bool IsEncryptionConfiguration(IMethodSymbol method)
        => method.Name.IndexOf("Encrypt", StringComparison.Ordinal) >= 0
        || (method.ContainingNamespace?.ToDisplayString() ?? string.Empty).StartsWith("Compliance.Runtime", StringComparison.Ordinal);

    /// <summary>The property selected by the <c>.Property(x =&gt; x.Member)</c> call this configuration call is chained on.</summary>
    private static IPropertySymbol? ConfiguredProperty(IInvocationOperation invocation)
    {
        var receiver = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        while (receiver is IConversionOperation conversion)
        {
            receiver = conversion.Operand;
        }

        if (receiver is not IInvocationOperation { TargetMethod.Name: "Property" } propertyCall)
        {
            return null;
        }

        foreach (var argument in propertyCall.Arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation or IDelegateCreationOperation)
            {
                value = value is IConversionOperation c ? c.Operand : ((IDelegateCreationOperation)value).Target;
            }

            if (value is IAnonymousFunctionOperation lambda)
            {
                foreach (var descendant in lambda.Body.Descendants())
                {
                    if (descendant is IPropertyReferenceOperation selected)
                    {
                        return selected.Property;
                    }
                }
            }
        }

        return null;
    }

    private static void ReportEntity(
        SymbolAnalysisContext context,
        INamedTypeSymbol entity,
        string origin,
        Model model,
        HashSet<ISymbol> encryptedByConfiguration,
        ConcurrentDictionary<ISymbol, bool> reported)
    {
        for (var current = entity; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false } property
                    || !property.Locations.Any(static l => l.IsInSource)
                    || !model.Classification.TryGetClassification(property, out var classification)
                    || IsEncrypted(property, model.EncryptedAttribute)
                    || encryptedByConfiguration.Contains(property.OriginalDefinition)
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

    private static bool IsEncrypted(IPropertySymbol property, INamedTypeSymbol? encryptedAttribute)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass
                    && (SymbolEqualityComparer.Default.Equals(attributeClass, encryptedAttribute)
                        || (attributeClass.Name == "EncryptedAttribute" && attributeClass.ContainingNamespace?.ToDisplayString() == "Compliance.Runtime")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Model
    {
        public Model(ClassificationModel classification, INamedTypeSymbol dbContext, INamedTypeSymbol? dbSet, INamedTypeSymbol? modelBuilder, INamedTypeSymbol? configuration, INamedTypeSymbol? encryptedAttribute)
        {
            Classification = classification;
            DbContext = dbContext;
            DbSet = dbSet;
            ModelBuilder = modelBuilder;
            Configuration = configuration;
            EncryptedAttribute = encryptedAttribute;
        }

        public ClassificationModel Classification { get; }

        public INamedTypeSymbol DbContext { get; }

        public INamedTypeSymbol? DbSet { get; }

        public INamedTypeSymbol? ModelBuilder { get; }

        public INamedTypeSymbol? Configuration { get; }

        public INamedTypeSymbol? EncryptedAttribute { get; }
    }
}
