using System.Runtime.CompilerServices;
using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// Carries the encryptor, indexer and tenant into EF Core's internal services. EF caches one
/// internal service provider (and model) per distinct extension, so contexts bound to different
/// key rings never share converters.
/// </summary>
internal sealed class FieldEncryptionOptionsExtension(IFieldEncryptor encryptor, IBlindIndexer indexer, string? tenant) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public IFieldEncryptor Encryptor { get; } = encryptor;

    public IBlindIndexer Indexer { get; } = indexer;

    public string? Tenant { get; } = tenant;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        services.AddScoped<IConventionSetPlugin>(_ => new FieldEncryptionConventionSetPlugin(this));

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(FieldEncryptionOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new FieldEncryptionOptionsExtension Extension => (FieldEncryptionOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "FieldEncryption ";

        public override int GetServiceProviderHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Extension.Encryptor), RuntimeHelpers.GetHashCode(Extension.Indexer), Extension.Tenant);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info
            && ReferenceEquals(info.Extension.Encryptor, Extension.Encryptor)
            && ReferenceEquals(info.Extension.Indexer, Extension.Indexer)
            && string.Equals(info.Extension.Tenant, Extension.Tenant, StringComparison.Ordinal);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Compliance:FieldEncryption"] = GetServiceProviderHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
