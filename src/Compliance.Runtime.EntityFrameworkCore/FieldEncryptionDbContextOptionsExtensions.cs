using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Turns on field encryption for a <see cref="DbContext"/>.</summary>
public static class FieldEncryptionDbContextOptionsExtensions
{
    /// <summary>
    /// Encrypts the context's <c>[Encrypted]</c> properties and fills its blind-index columns with the
    /// application's <see cref="IFieldEncryptor"/> and <see cref="IBlindIndexer"/> (from
    /// <c>AddCompliance().AddFieldEncryption()</c>). Call it in <c>AddDbContext((services, options) =&gt; ...)</c>.
    /// </summary>
    /// <param name="builder">The context options.</param>
    /// <param name="applicationServices">The application's service provider.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder UseFieldEncryption(this DbContextOptionsBuilder builder, IServiceProvider applicationServices)
    {
        ArgumentNullException.ThrowIfNull(applicationServices);
        return builder.UseFieldEncryption(
            applicationServices.GetRequiredService<IFieldEncryptor>(),
            applicationServices.GetRequiredService<IBlindIndexer>(),
            applicationServices.GetService<IOptions<FieldEncryptionOptions>>()?.Value.Tenant);
    }

    /// <summary>Encrypts the context's <c>[Encrypted]</c> properties with the given services.</summary>
    /// <param name="builder">The context options.</param>
    /// <param name="encryptor">The field encryptor.</param>
    /// <param name="indexer">The blind indexer.</param>
    /// <param name="tenant">The tenant bound into every value; null for a single-tenant database.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder UseFieldEncryption(this DbContextOptionsBuilder builder, IFieldEncryptor encryptor, IBlindIndexer indexer, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(indexer);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new FieldEncryptionOptionsExtension(encryptor, indexer, tenant));
        return builder.AddInterceptors(new BlindIndexSaveChangesInterceptor(indexer), new RowBindingSaveChangesInterceptor(encryptor), RowBindingMaterializationInterceptor.Instance);
    }

    /// <summary>Encrypts the context's <c>[Encrypted]</c> properties with the application's services (typed form).</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="builder">The context options.</param>
    /// <param name="applicationServices">The application's service provider.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder<TContext> UseFieldEncryption<TContext>(this DbContextOptionsBuilder<TContext> builder, IServiceProvider applicationServices)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)((DbContextOptionsBuilder)builder).UseFieldEncryption(applicationServices);
}
