using System.Buffers.Binary;
using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// Value converters from a property's type to an envelope (binary column), bound to one
/// <see cref="EncryptionContext"/>. Fixed-size types are encoded big-endian before encryption.
/// </summary>
internal static class EncryptedConverters
{
    private delegate void Writer<in T>(T value, Span<byte> destination);

    private delegate T Reader<out T>(ReadOnlySpan<byte> source);

    public static bool IsSupported(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(byte[]) || type == typeof(int) || type == typeof(long) || type == typeof(bool)
            || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset);
    }

    public static ValueConverter Create(Type type, IFieldEncryptor encryptor, EncryptionContext context, bool rowBound = false)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        // Row-bound values: the save interceptor left a row-bound envelope for this very value
        // instance; without one (empty values, bulk updates) the value is bound to its column.
        var deferred = context.WithDeferredRowCheck();
        if (rowBound && type == typeof(string))
        {
            return new EncryptedValueConverter<string>(
                v => RowBinding.TakeEnvelope(v) ?? encryptor.EncryptString(v, context),
                b => RowBinding.Decrypt(encryptor, b, context, deferred, static (e, envelope, c) => e.DecryptString(envelope, c, out _)));
        }

        if (rowBound && type == typeof(byte[]))
        {
            return new EncryptedValueConverter<byte[]>(
                v => RowBinding.TakeEnvelope(v) ?? encryptor.Encrypt(v, context),
                b => RowBinding.Decrypt(encryptor, b, context, deferred, static (e, envelope, c) => e.Decrypt(envelope, c, out _)));
        }

        if (type == typeof(string))
        {
            return new EncryptedValueConverter<string>(v => encryptor.EncryptString(v, context), b => encryptor.DecryptString(b, context, out _));
        }

        if (type == typeof(byte[]))
        {
            return new EncryptedValueConverter<byte[]>(v => encryptor.Encrypt(v, context), b => encryptor.Decrypt(b, context, out _));
        }

        if (type == typeof(int))
        {
            return Fixed<int>(encryptor, context, 4, static (v, s) => BinaryPrimitives.WriteInt32BigEndian(s, v), static s => BinaryPrimitives.ReadInt32BigEndian(s));
        }

        if (type == typeof(long))
        {
            return Fixed<long>(encryptor, context, 8, static (v, s) => BinaryPrimitives.WriteInt64BigEndian(s, v), static s => BinaryPrimitives.ReadInt64BigEndian(s));
        }

        if (type == typeof(bool))
        {
            return Fixed<bool>(encryptor, context, 1, static (v, s) => s[0] = v ? (byte)1 : (byte)0, static s => s[0] != 0);
        }

        if (type == typeof(decimal))
        {
            return Fixed<decimal>(encryptor, context, 16, static (v, s) => decimal.GetBits(v, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(s)), static s => new decimal(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(s.ToArray())));
        }

        if (type == typeof(Guid))
        {
            return Fixed<Guid>(encryptor, context, 16, static (v, s) => v.TryWriteBytes(s, bigEndian: true, out _), static s => new Guid(s, bigEndian: true));
        }

        if (type == typeof(DateOnly))
        {
            return Fixed<DateOnly>(encryptor, context, 4, static (v, s) => BinaryPrimitives.WriteInt32BigEndian(s, v.DayNumber), static s => DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32BigEndian(s)));
        }

        if (type == typeof(DateTime))
        {
            return Fixed<DateTime>(encryptor, context, 8, static (v, s) => BinaryPrimitives.WriteInt64BigEndian(s, v.ToBinary()), static s => DateTime.FromBinary(BinaryPrimitives.ReadInt64BigEndian(s)));
        }

        if (type == typeof(DateTimeOffset))
        {
            return Fixed<DateTimeOffset>(
                encryptor,
                context,
                10,
                static (v, s) =>
                {
                    BinaryPrimitives.WriteInt64BigEndian(s, v.UtcTicks);
                    BinaryPrimitives.WriteInt16BigEndian(s[8..], (short)v.TotalOffsetMinutes);
                },
                static s => new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(s), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16BigEndian(s[8..]))));
        }

        throw new NotSupportedException($"[Encrypted] does not support properties of type {type.Name}.");
    }

    private static EncryptedValueConverter<T> Fixed<T>(IFieldEncryptor encryptor, EncryptionContext context, int size, Writer<T> write, Reader<T> read) =>
        new(
            value =>
            {
                Span<byte> plaintext = stackalloc byte[16];
                write(value, plaintext[..size]);
                var envelope = encryptor.Encrypt(plaintext[..size], context);
                plaintext.Clear();
                return envelope;
            },
            envelope =>
            {
                Span<byte> plaintext = stackalloc byte[16];
                var result = encryptor.Decrypt(envelope, plaintext, context);
                if (result.BytesWritten != size)
                {
                    plaintext.Clear();
                    throw new InvalidOperationException($"An encrypted {typeof(T).Name} value in {context} has the wrong length.");
                }

                var value = read(plaintext[..size]);
                plaintext.Clear();
                return value;
            });
}

/// <summary>A converter that stores a property as an encrypted envelope.</summary>
/// <typeparam name="T">The property type.</typeparam>
internal sealed class EncryptedValueConverter<T>(Func<T, byte[]> encrypt, Func<byte[], T> decrypt)
    : ValueConverter<T, byte[]>(value => encrypt(value), envelope => decrypt(envelope));
