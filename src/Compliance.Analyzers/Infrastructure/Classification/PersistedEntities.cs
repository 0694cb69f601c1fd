using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Classification;

/// <summary>
/// The EF Core entities a <c>DbContext</c> or an <c>IEntityTypeConfiguration&lt;T&gt;</c> persists,
/// with where each is persisted and which properties its fluent configuration encrypts. Used by
/// CMP2007 and by the compliance report's inventory of classified members.
/// </summary>
internal sealed class PersistedEntities
{
    private PersistedEntities(Dictionary<INamedTypeSymbol, string> entities, HashSet<ISymbol> encryptedByConfiguration)
    {
        Entities = entities;
        EncryptedByConfiguration = encryptedByConfiguration;
    }

    /// <summary>Each entity and where it is persisted (<c>DbSet&lt;Patient&gt; on ClinicDb</c>).</summary>
    public Dictionary<INamedTypeSymbol, string> Entities { get; }

    /// <summary>Properties (original definitions) the configuration encrypts.</summary>
    public HashSet<ISymbol> EncryptedByConfiguration { get; }

    /// <summary>The entities <paramref name="type"/> persists, or null when it is neither a context nor a configuration.</summary>
    public static PersistedEntities? Discover(INamedTypeSymbol type, Compilation compilation, EntityModel model, CancellationToken cancellationToken)
    {
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
            return null;
        }

        var encryptedByConfiguration = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (configurationMethod is not null)
        {
            ScanConfiguration(compilation, configurationMethod, model, entities, encryptedByConfiguration, cancellationToken);
        }

        return new PersistedEntities(entities, encryptedByConfiguration);
    }

    /// <summary>Finds <c>modelBuilder.Entity&lt;T&gt;()</c> calls and properties configured as encrypted in the configuration method.</summary>
    private static void ScanConfiguration(
        Compilation compilation,
        IMethodSymbol method,
        EntityModel model,
        Dictionary<INamedTypeSymbol, string> entities,
        HashSet<ISymbol> encryptedByConfiguration,
        CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (SemanticModels.ForDeclaration(compilation, reference.SyntaxTree) is not { } semanticModel)
            {
                continue;
            }

            var syntax = reference.GetSyntax(cancellationToken);
            foreach (var node in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (semanticModel.GetOperation(node, cancellationToken) is not IInvocationOperation invocation)
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
        || method.ContainingNamespace.IsWithinNamespace("Compliance.Runtime");

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

    /// <summary>True when the property (or the one it overrides) has Compliance.Runtime's <c>[Encrypted]</c>.</summary>
    public static bool HasEncryptedAttribute(IPropertySymbol property, INamedTypeSymbol? encryptedAttribute)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass
                    && (SymbolEqualityComparer.Default.Equals(attributeClass, encryptedAttribute)
                        || (attributeClass.Name == "EncryptedAttribute" && attributeClass.ContainingNamespace.IsNamespace("Compliance.Runtime"))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the property is encrypted by attribute or by the fluent configuration.</summary>
    public bool IsEncrypted(IPropertySymbol property, INamedTypeSymbol? encryptedAttribute)
        => HasEncryptedAttribute(property, encryptedAttribute) || EncryptedByConfiguration.Contains(property.OriginalDefinition);
}

/// <summary>The EF Core and Compliance.Runtime symbols the entity discovery needs, resolved once per compilation.</summary>
internal sealed class EntityModel
{
    /// <summary>The model, or null when the compilation does not reference EF Core.</summary>
    public static EntityModel? For(ClassificationModel classification, KnownTypes knownTypes)
        => knownTypes.Get(TypeNames.DbContext) is { } dbContext
            ? new EntityModel(
                classification,
                dbContext,
                knownTypes.Get(TypeNames.DbSet),
                knownTypes.Get(TypeNames.ModelBuilder),
                knownTypes.Get(TypeNames.EntityTypeConfiguration),
                knownTypes.Get(TypeNames.EncryptedAttribute))
            : null;

    public EntityModel(ClassificationModel classification, INamedTypeSymbol dbContext, INamedTypeSymbol? dbSet, INamedTypeSymbol? modelBuilder, INamedTypeSymbol? configuration, INamedTypeSymbol? encryptedAttribute)
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
