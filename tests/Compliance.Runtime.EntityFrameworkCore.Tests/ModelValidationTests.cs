using System.Security.Cryptography;
using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

public sealed class ModelValidationTests
{
    [Fact]
    public void EncryptedKey_IsRejectedWhenTheModelIsBuilt()
    {
        using var services = Services();
        using var context = new BadKeyContext(Options<BadKeyContext>(services));

        var error = Assert.Throws<InvalidOperationException>(() => context.Model);
        Assert.Contains("cannot be [Encrypted]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedType_IsRejectedWhenTheModelIsBuilt()
    {
        using var services = Services();
        using var context = new BadTypeContext(Options<BadTypeContext>(services));

        var error = Assert.Throws<InvalidOperationException>(() => context.Model);
        Assert.Contains("is not supported", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IDataKeyStore>(new InMemoryDataKeyStore());
        services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(RandomNumberGenerator.GetBytes(32)));
        services.AddCompliance().AddFieldEncryption();
        return services.BuildServiceProvider();
    }

    private static DbContextOptions<T> Options<T>(IServiceProvider services)
        where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseSqlite("Data Source=:memory:").UseFieldEncryption(services).Options;

    private sealed class BadKeyContext(DbContextOptions<BadKeyContext> options) : DbContext(options)
    {
        public DbSet<EncryptedKeyRow> Rows => Set<EncryptedKeyRow>();
    }

    private sealed class BadTypeContext(DbContextOptions<BadTypeContext> options) : DbContext(options)
    {
        public DbSet<UnsupportedRow> Rows => Set<UnsupportedRow>();
    }

    private sealed class EncryptedKeyRow
    {
        [Encrypted]
        public string Id { get; set; } = string.Empty;
    }

    private sealed class UnsupportedRow
    {
        public int Id { get; set; }

        [Encrypted]
        public double Weight { get; set; }
    }
}
