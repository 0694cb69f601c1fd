using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.Mfa;

public sealed class RegistrationTests
{
    [Fact]
    public async Task AddMfa_WithoutFieldEncryption_FailsAtStartup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddMfa(),
            app => { }));

        Assert.Contains("AddFieldEncryption()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30.5)]
    [InlineData(7200)]
    public async Task AddMfa_RejectsAPeriodAuthenticatorAppsCannotTake(double seconds)
    {
        // The otpauth URI and the TOTP library take the period in whole seconds.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddMfa(o => o.Period = TimeSpan.FromSeconds(seconds)),
            app => { }));

        Assert.Contains("Compliance:Mfa:Period must be a whole number of seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSecureSessions_RejectsCookieNamesWithoutTheHostPrefix()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddSecureSessions(o => o.CookieName = "session"),
            app => { }));

        Assert.Contains("__Host-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSecureSessions_RejectsAnAbsoluteTimeoutShorterThanTheIdleTimeout()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddSecureSessions(o => o.AbsoluteTimeout = TimeSpan.FromMinutes(5)),
            app => { }));
    }
}
