using System.Linq.Expressions;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Fluent configuration of encrypted properties and blind indexes.</summary>
public static class FieldEncryptionModelBuilderExtensions
{
    /// <summary>Encrypts the property, like <c>[Encrypted]</c> on it.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="builder">The property builder.</param>
    /// <param name="bindToRow">
    /// Whether to bind each value to its row's key where possible (default true; see
    /// <see cref="Compliance.Runtime.EncryptedAttribute.BindToRow"/>).
    /// </param>
    /// <returns>The builder.</returns>
    public static PropertyBuilder<TProperty> IsEncrypted<TProperty>(this PropertyBuilder<TProperty> builder, bool bindToRow = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(Annotations.Encrypted, true);
        builder.HasAnnotation(Annotations.BindToRow, bindToRow);
        return builder;
    }

    /// <summary>
    /// Whether the entity's encrypted <c>string</c> and <c>byte[]</c> properties are bound to their
    /// row's key (default true where the key is known before insert). Pass false to bind them to
    /// their columns only, for every property of the entity.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity builder.</param>
    /// <param name="bindToRow">Whether to bind values to their rows.</param>
    /// <returns>The builder.</returns>
    public static EntityTypeBuilder<TEntity> BindEncryptedValuesToRows<TEntity>(this EntityTypeBuilder<TEntity> builder, bool bindToRow = true)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(Annotations.BindToRow, bindToRow);
        return builder;
    }

    /// <summary>
    /// Makes <paramref name="index"/> the blind index of <paramref name="source"/>: computed on every
    /// save from the plaintext (HMAC-SHA256 under a key derived for this table and column), stored
    /// in its own indexed column, and searched with <c>context.BlindIndexFor&lt;T&gt;(...)</c>.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity builder.</param>
    /// <param name="source">The (usually encrypted) string property to index.</param>
    /// <param name="index">The <c>byte[]</c> property holding the index.</param>
    /// <param name="length">Index length in bytes, 4 to 32 (default 16).</param>
    /// <param name="normalization">Normalisation before hashing (default: trim).</param>
    /// <returns>The builder.</returns>
    public static EntityTypeBuilder<TEntity> HasBlindIndex<TEntity>(
        this EntityTypeBuilder<TEntity> builder,
        Expression<Func<TEntity, string?>> source,
        Expression<Func<TEntity, byte[]?>> index,
        int length = BlindIndexDefinition.DefaultLength,
        BlindIndexNormalization normalization = BlindIndexNormalization.Trim)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32);
        builder.Property(index)
            .HasMaxLength(length)
            .HasAnnotation(Annotations.BlindIndexSource, MemberName(source))
            .HasAnnotation(Annotations.BlindIndexLength, length)
            .HasAnnotation(Annotations.BlindIndexNormalization, normalization);
        return builder;
    }

    /// <summary>The blind index of <paramref name="value"/> for <paramref name="source"/>, to compare with the index column in a query.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="source">The indexed property.</param>
    /// <param name="value">The plaintext to look for.</param>
    /// <returns>The index value.</returns>
    /// <exception cref="InvalidOperationException">The property has no blind index, or the context does not use field encryption.</exception>
    public static byte[] BlindIndexFor<TEntity>(this DbContext context, Expression<Func<TEntity, string?>> source, string value)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        var sourceName = MemberName(source);
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of the model.");
        var definition = entityType.GetProperties()
            .Where(p => string.Equals(p.FindAnnotation(Annotations.BlindIndexSource)?.Value as string, sourceName, StringComparison.Ordinal))
            .Select(p => p.FindAnnotation(Annotations.BlindIndexDefinition)?.Value as BlindIndexDefinition)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{sourceName} has no blind index, or the context does not use UseFieldEncryption().");
        var extension = context.GetService<IDbContextOptions>().FindExtension<FieldEncryptionOptionsExtension>()!;
        return extension.Indexer.Compute(value, definition);
    }

    private static string MemberName(LambdaExpression expression) =>
        expression.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException("Name a property, as in p => p.Ssn.", nameof(expression));
}
