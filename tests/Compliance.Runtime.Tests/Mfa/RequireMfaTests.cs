using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Mfa;

public sealed class RequireMfaTests : IAsyncLifetime
{
    private const string MfaAtHeader = "X-Test-Mfa-At";
    private readonly TestClock _clock = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IDataKeyStore>(new InMemoryDataKeyStore());
                builder.Services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(RandomNumberGenerator.GetBytes(32)));
                builder.Services.AddCompliance().AddFieldEncryption().AddMfa();
            },
            app =>
            {
                app.UseRouting();
                app.Use((context, next) =>
                {
                    if (context.Request.Headers[TestApp.UserHeader] is [{ Length: > 0 } id])
                    {
                        var identity = new ClaimsIdentity([new Claim("sub", id)], "Test");
                        if (context.Request.Headers[MfaAtHeader] is [{ Length: > 0 } at])
                        {
                            MfaClaims.Add(identity, DateTimeOffset.FromUnixTimeSeconds(long.Parse(at, CultureInfo.InvariantCulture)));
                        }

                        context.User = new ClaimsPrincipal(identity);
                    }

                    return next(context);
                });
                app.UseCompliance();
                app.MapGet("/records", () => "ok").WithMetadata(new RequireMfaAttribute());
                app.MapPost("/export", () => "exported").WithMetadata(new RequireMfaAttribute { MaxAgeMinutes = 5 });
                app.MapGet("/open", () => "open");
            },
            _clock);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WithoutASecondFactor_AnswersAStepUpChallenge()
    {
        var response = await Send(HttpMethod.Get, "/records", user: "u1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("insufficient_user_authentication", challenge, StringComparison.Ordinal);
        Assert.Contains("max_age=43200", challenge, StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"stepUp\":\"mfa\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAFreshSecondFactor_Passes()
    {
        var response = await Send(HttpMethod.Get, "/records", user: "u1", mfaAt: _clock.GetUtcNow().AddMinutes(-30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StaleSecondFactor_IsChallengedOnStricterEndpoints()
    {
        var verifiedAt = _clock.GetUtcNow().AddMinutes(-6);

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/records", "u1", verifiedAt)).StatusCode);
        var export = await Send(HttpMethod.Post, "/export", "u1", verifiedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Contains("max_age=300", export.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_IsUnauthorized_WithoutStepUp_AndOtherEndpointsAreUntouched()
    {
        var anonymous = await Send(HttpMethod.Get, "/records", user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(anonymous.Headers.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/open", user: null)).StatusCode);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? user, DateTimeOffset? mfaAt = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(TestApp.UserHeader, user);
        }

        if (mfaAt is { } at)
        {
            request.Headers.Add(MfaAtHeader, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        return _app.Client().SendAsync(request);
    }
}
