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
