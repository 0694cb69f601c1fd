using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers TOTP multi-factor authentication.</summary>
public static class MfaComplianceBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="ITotpService"/> (RFC 6238 with replay protection; secrets stored through field
    /// encryption, so <c>AddFieldEncryption()</c> is required) and the <see cref="RequireMfaAttribute"/>
    /// check run by <c>app.UseCompliance()</c>. Options bind from <c>Compliance:Mfa</c>. Unless another
    /// <see cref="IMfaStore"/> is registered (for example <c>PersistMfaToDbContext</c>), enrolments are
    /// kept in memory.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddMfa(this ComplianceBuilder builder, Action<TotpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<TotpOptions>().BindConfiguration(TotpOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.Digits is >= 6 and <= 8, "Compliance:Mfa:Digits must be 6, 7 or 8.")
            .Validate(static o => o.AllowedDriftSteps is 0 or 1, "Compliance:Mfa:AllowedDriftSteps must be 0 or 1.")
            .Validate(static o => o.Period >= TimeSpan.FromSeconds(15) && o.FreshnessWindow > TimeSpan.Zero, "Compliance:Mfa: Period must be at least 15 seconds and FreshnessWindow positive.")
            .Validate(static o => o.Period.Ticks % TimeSpan.TicksPerSecond == 0 && o.Period <= TimeSpan.FromHours(1), "Compliance:Mfa:Period must be a whole number of seconds, at most an hour (authenticator apps take the period in seconds).")
            .Validate(static o => o.RecoveryCodeCount is >= 1 and <= 50, "Compliance:Mfa:RecoveryCodeCount must be between 1 and 50.")
            .ValidateOnStart();
        options.Validate<IServiceProvider>(
            static (_, provider) => provider.GetService<IFieldEncryptor>() is not null,
            "AddMfa() stores TOTP secrets through field encryption: call AddFieldEncryption() too.");

        services.AddHttpContextAccessor();
        services.TryAddSingleton<IMfaStore, InMemoryMfaStore>();
        services.TryAddSingleton<ITotpService, TotpService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyUsageSource, MfaKeyUsageSource>());
        return builder.AddMiddleware(CompliancePipelineStage.Mfa, "Mfa", static app => app.UseMiddleware<RequireMfaMiddleware>());
    }
}
