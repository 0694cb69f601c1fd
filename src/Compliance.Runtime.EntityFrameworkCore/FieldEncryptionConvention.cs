using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>Adds <see cref="FieldEncryptionConvention"/> to every model built with <c>UseFieldEncryption()</c>.</summary>
internal sealed class FieldEncryptionConventionSetPlugin(FieldEncryptionOptionsExtension extension) : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        // Finalizing runs after every user configuration (table and column names are final) and
        // before type mappings are resolved, so the columns get the converter's binary type.
        conventionSet.Add(new FieldEncryptionConvention(extension));
        return conventionSet;
    }
}

/// <summary>
/// Encrypts every property marked <see cref="EncryptedAttribute"/> (or <c>IsEncrypted()</c>) with a
/// converter bound to its (tenant, table, column), and prepares blind-index columns declared with
/// <c>HasBlindIndex</c>: their definition under the source column's name, and a database index.
/// </summary>
internal sealed class FieldEncryptionConvention(FieldEncryptionOptionsExtension extension) : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            var table = TableName(entityType);
            var storeObject = StoreObjectIdentifier.Create(entityType, StoreObjectType.Table);
            foreach (var property in entityType.GetDeclaredProperties())
            {
                if (IsEncrypted(property))
                {
                    if (property.IsKey() || property.IsForeignKey())
                    {
                        throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} cannot be [Encrypted]: keys are compared by the database. Encrypt a non-key column and search it through a blind index.");
                    }

                    if (!EncryptedConverters.IsSupported(property.ClrType))
                    {
                        throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is [Encrypted] but its type {property.ClrType.Name} is not supported (string, byte[], int, long, bool, decimal, Guid, DateOnly, DateTime, DateTimeOffset).");
                    }

                    var encryptionContext = new EncryptionContext(table, ColumnName(property, storeObject), extension.Tenant);
                    var rowBound = RowBinding.Applies(property);
                    property.Builder.HasAnnotation(Annotations.Encrypted, true);
                    property.SetAnnotation(Annotations.EncryptionContext, encryptionContext);
                    property.SetAnnotation(Annotations.RowBound, rowBound);
                    property.SetValueConverter(EncryptedConverters.Create(property.ClrType, extension.Encryptor, encryptionContext, rowBound));
                }
            }

            foreach (var index in entityType.GetDeclaredProperties().Where(static p => p.FindAnnotation(Annotations.BlindIndexSource) is not null).ToList())
            {
                var sourceName = (string)index.FindAnnotation(Annotations.BlindIndexSource)!.Value!;
                var source = entityType.FindProperty(sourceName)
                    ?? throw new InvalidOperationException($"The blind index {entityType.DisplayName()}.{index.Name} names a missing source property {sourceName}.");
                var definition = new BlindIndexDefinition(table, ColumnName(source, storeObject), extension.Tenant)
                {
                    Length = index.FindAnnotation(Annotations.BlindIndexLength)?.Value as int? ?? BlindIndexDefinition.DefaultLength,
                    Normalization = index.FindAnnotation(Annotations.BlindIndexNormalization)?.Value as BlindIndexNormalization? ?? BlindIndexNormalization.Trim,
                };
                index.SetAnnotation(Annotations.BlindIndexDefinition, definition);
                entityType.Builder.HasIndex([index]);
            }
        }
    }

    internal static bool IsEncrypted(IReadOnlyProperty property) =>
        property.PropertyInfo?.IsDefined(typeof(EncryptedAttribute), inherit: true) == true
        || property.FindAnnotation(Annotations.Encrypted)?.Value is true;

    private static string TableName(IConventionEntityType entityType)
    {
        var table = entityType.GetTableName() ?? entityType.GetViewName() ?? entityType.ShortName();
        var schema = entityType.GetSchema() ?? entityType.GetViewSchema();
        return schema is null ? table : schema + "." + table;
    }

    private static string ColumnName(IConventionProperty property, StoreObjectIdentifier? storeObject) =>
        (storeObject is { } table ? property.GetColumnName(table) : null) ?? property.GetColumnName();
}
