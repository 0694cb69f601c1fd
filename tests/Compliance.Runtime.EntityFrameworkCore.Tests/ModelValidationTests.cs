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

    [Fact]
    public void RowBinding_IsTheDefaultWhereTheKeyIsKnownBeforeInsert_WithOptOuts()
    {
        using var services = Services();
        using var context = new RowBindingContext(Options<RowBindingContext>(services));

        bool RowBound<T>(string name) => context.Model.FindEntityType(typeof(T))!.FindProperty(name)!.FindAnnotation("Compliance:RowBound")!.Value is true;

        Assert.True(RowBound<GuidKeyRow>(nameof(GuidKeyRow.Note)));
        Assert.False(RowBound<GuidKeyRow>(nameof(GuidKeyRow.OptedOut)));
        Assert.False(RowBound<GuidKeyRow>(nameof(GuidKeyRow.Count)));
        Assert.False(RowBound<IdentityKeyRow>(nameof(IdentityKeyRow.Note)));
        Assert.True(RowBound<AppKeyRow>(nameof(AppKeyRow.Note)));
        Assert.False(RowBound<OptedOutEntityRow>(nameof(OptedOutEntityRow.Note)));
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

    private sealed class RowBindingContext(DbContextOptions<RowBindingContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<GuidKeyRow>();
            modelBuilder.Entity<IdentityKeyRow>();
            modelBuilder.Entity<AppKeyRow>().Property(r => r.Id).ValueGeneratedNever();
            modelBuilder.Entity<OptedOutEntityRow>().BindEncryptedValuesToRows(false);
        }
    }

    private sealed class GuidKeyRow
    {
        public Guid Id { get; set; }

        [Encrypted]
        public string? Note { get; set; }

        [Encrypted(BindToRow = false)]
        public string? OptedOut { get; set; }

        [Encrypted]
        public int Count { get; set; }
    }

    private sealed class IdentityKeyRow
    {
        public int Id { get; set; }

        [Encrypted]
        public string? Note { get; set; }
    }

    private sealed class AppKeyRow
    {
        public long Id { get; set; }

        [Encrypted]
        public string? Note { get; set; }
    }

    private sealed class OptedOutEntityRow
    {
        public Guid Id { get; set; }

        [Encrypted]
        public string? Note { get; set; }
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
