using System.Reflection;
using System.Runtime.CompilerServices;
using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// Binds encrypted <c>string</c> and <c>byte[]</c> values to their row's primary key. A value
/// converter sees one value and never its row, so the binding is done around it: before saving,
/// <see cref="RowBindingSaveChangesInterceptor"/> encrypts each value for its row and hands the
/// envelope to the converter through the value instance (a fresh copy, unique to the row); after
/// reading, the converter has decrypted a row-bound envelope for its column, and
/// <see cref="RowBindingMaterializationInterceptor"/> compares the envelope's authenticated row tag
/// with the key of the entity it was read into.
/// </summary>
internal static class RowBinding
{
    // Keyed by reference: a fresh string or array per (row, property), so two rows with equal
    // values can never pick up each other's envelope. Entries die with the value.
    private static readonly ConditionalWeakTable<object, byte[]> Envelopes = new();
    private static readonly ConditionalWeakTable<object, ReadTag> Tags = new();

    /// <summary>
    /// Whether a property is row-bound: an encrypted string or byte array, not opted out, on an
    /// entity with a single-property key known before insert (set by the application, or a Guid
    /// generated on the client). Store-generated keys (identity columns) exist only after the
    /// insert, so those values stay bound to their column.
    /// </summary>
    public static bool Applies(IReadOnlyProperty property)
    {
        // Shadow properties have no CLR member to carry the per-row value instance.
        if ((property.ClrType != typeof(string) && property.ClrType != typeof(byte[])) || (property.PropertyInfo is null && property.FieldInfo is null))
        {
            return false;
        }

        if (property.DeclaringType is not IReadOnlyEntityType entityType || entityType.FindPrimaryKey() is not { Properties: [var key] })
        {
            return false;
        }

        // An opt-out on the property (fluent, or the attribute) or on the entity wins; a fluent
        // IsEncrypted(bindToRow: true) on the property overrides the entity's opt-out.
        if (property.FindAnnotation(Annotations.BindToRow)?.Value is bool configured)
        {
            if (!configured)
            {
                return false;
            }
        }
        else if (property.PropertyInfo?.GetCustomAttribute<EncryptedAttribute>(inherit: true)?.BindToRow == false
            || entityType.FindAnnotation(Annotations.BindToRow)?.Value is false)
        {
            return false;
        }

        return key.ValueGenerated == ValueGenerated.Never
            || (key.ClrType == typeof(Guid) && key.GetDefaultValueSql() is null && key.GetComputedColumnSql() is null);
    }

    /// <summary>The row key as bound into envelopes: invariant text of the key value.</summary>
    public static string RowKeyOf(object key) => key switch
    {
        Guid guid => guid.ToString("D"),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    public static byte[]? TakeEnvelope(object value) => Envelopes.TryGetValue(value, out var envelope) ? envelope : null;

    public static void Register(object value, byte[] envelope) => Envelopes.AddOrUpdate(value, envelope);

    /// <summary>
    /// Decrypts a value of a row-bound property. A row-bound envelope is decrypted for its column
    /// and its row tag remembered for the materialisation check; a column-bound (version 1) one,
    /// written before row binding, stays readable and counts as pending for a re-encryption job.
    /// </summary>
    public static T Decrypt<T>(IFieldEncryptor encryptor, byte[] envelope, EncryptionContext column, EncryptionContext deferred, Func<IFieldEncryptor, byte[], EncryptionContext, T> decrypt)
        where T : class
    {
        if (!FieldEnvelope.TryReadRowTag(envelope, out var tag))
        {
            var legacy = decrypt(encryptor, envelope, column);
            if (legacy is string { Length: > 0 } or byte[] { Length: > 0 })
            {
                ReencryptionScope.Current?.RecordPending();
            }

            return legacy;
        }

        FieldEnvelope.TryReadKeyId(envelope, out var keyId);
        var value = decrypt(encryptor, envelope, deferred);

        // Empty values are never written row-bound (they cannot be told apart by reference), so a
        // row-bound empty value was not written by this integration.
        if (value is string { Length: 0 } or byte[] { Length: 0 })
        {
            throw new EnvelopeAuthenticationException(keyId);
        }

        Tags.AddOrUpdate(value, new ReadTag(tag.ToArray(), keyId));
        return value;
    }

    /// <summary>Checks every row-bound value of a just-materialised entity against its key.</summary>
    public static void Verify(MaterializationInterceptionData data)
    {
        IProperty? key = null;
        string? rowKey = null;
        byte[]? expected = null;
        foreach (var property in data.EntityType.GetProperties())
        {
            if (property.FindAnnotation(Annotations.RowBound)?.Value is not true)
            {
                continue;
            }

            var value = data.GetPropertyValue(property);
            if (value is null || !Tags.TryGetValue(value, out var read))
            {
                continue;
            }

            Tags.Remove(value);
            key ??= data.EntityType.FindPrimaryKey()!.Properties[0];
            rowKey ??= data.GetPropertyValue(key) is { } keyValue ? RowKeyOf(keyValue) : string.Empty;
            expected ??= EncryptionContext.ComputeRowTag(rowKey);
            if (!read.Tag.AsSpan().SequenceEqual(expected))
            {
                // The value was encrypted for another row: moved or swapped in the database.
                throw new EnvelopeAuthenticationException(read.KeyId);
            }
        }
    }

    private sealed record ReadTag(byte[] Tag, uint KeyId);
}

/// <summary>Encrypts row-bound values for their row just before they are saved.</summary>
internal sealed class RowBindingSaveChangesInterceptor(IFieldEncryptor encryptor) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Bind(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Bind(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Bind(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            PropertyEntry? keyEntry = null;
            foreach (var property in entry.Metadata.GetProperties())
            {
                if (property.FindAnnotation(Annotations.RowBound)?.Value is not true)
                {
                    continue;
                }

                var valueEntry = entry.Property(property.Name);
                if ((entry.State == EntityState.Modified && !valueEntry.IsModified) || valueEntry.CurrentValue is not { } value)
                {
                    continue;
                }

                keyEntry ??= entry.Property(entry.Metadata.FindPrimaryKey()!.Properties[0].Name);
                if (keyEntry.IsTemporary || keyEntry.CurrentValue is null)
                {
                    throw new InvalidOperationException($"{entry.Metadata.DisplayName()}.{property.Name} is bound to its row, but the row's key is not known before the insert. Set the key in the application, or opt out with [Encrypted(BindToRow = false)] / IsEncrypted(bindToRow: false).");
                }

                var context2 = ((EncryptionContext)property.FindAnnotation(Annotations.EncryptionContext)!.Value!).WithRowKey(RowBinding.RowKeyOf(keyEntry.CurrentValue));
                object fresh;
                switch (value)
                {
                    case string { Length: > 0 } text:
                        fresh = new string(text.AsSpan());
                        RowBinding.Register(fresh, encryptor.EncryptString(text, context2));
                        break;
                    case byte[] { Length: > 0 } bytes:
                        fresh = bytes.AsSpan().ToArray();
                        RowBinding.Register(fresh, encryptor.Encrypt(bytes, context2));
                        break;
                    default:
                        continue;
                }

                // Written to the CLR member directly: the change tracker ignores a new value that
                // compares equal, and the converter must see this very instance.
                if (property.FieldInfo is { } field)
                {
                    field.SetValue(entry.Entity, fresh);
                }
                else
                {
                    property.PropertyInfo!.SetValue(entry.Entity, fresh);
                }
            }
        }
    }
}

/// <summary>Refuses an entity whose row-bound values were encrypted for another row.</summary>
internal sealed class RowBindingMaterializationInterceptor : IMaterializationInterceptor
{
    // Materialization interceptors are singleton interceptors: EF Core keys its internal service
    // provider on them, so one stateless instance is shared by every context.
    public static readonly RowBindingMaterializationInterceptor Instance = new();

    private RowBindingMaterializationInterceptor()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        RowBinding.Verify(materializationData);
        return entity;
    }
}
