using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Compliance.Runtime.Sessions;
using Compliance.Runtime.Tests.Encryption;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.Sessions;

/// <summary>An application with secure sessions, a bearer scheme beside them, and a controllable clock.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private SessionHarness(WebApplication app, TestClock clock, RecordingAuditLog audit)
    {
        App = app;
        Clock = clock;
        Audit = audit;
    }

    public WebApplication App { get; }

    public TestClock Clock { get; }

    public RecordingAuditLog Audit { get; }

    public ISessionRevoker Revoker => App.Services.GetRequiredService<ISessionRevoker>();

    public static async Task<SessionHarness> StartAsync()
    {
        var clock = new TestClock();
        var audit = new RecordingAuditLog();
        var app = await TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<Compliance.Runtime.Auditing.IAuditLog>(audit);
                builder.Services.AddCompliance().AddSecureSessions();
                builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestBearerHandler>("Bearer", null);
                builder.Services.AddAuthorization();
            },
            app =>
            {
                app.UseRouting();
                app.UseAuthentication();
                app.UseCompliance();
                app.UseAuthorization();
                app.MapPost("/login/{user}", async (HttpContext context, string user) =>
                {
                    var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "Password"));
                    await context.SignInAsync(principal, new AuthenticationProperties { IsPersistent = true });
                    return Results.NoContent();
                });
                app.MapPost("/logout", async (HttpContext context) =>
                {
                    await context.SignOutAsync();
                    return Results.NoContent();
                }).RequireAuthorization();
                app.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new Me(user.FindFirst("sub")!.Value, user.FindFirst(SecureSessionDefaults.SessionIdClaimType)?.Value)))
                    .RequireAuthorization();
                app.MapPost("/api/notes", (Note note, ClaimsPrincipal user) => Results.Ok(new Note(user.FindFirst("sub")!.Value + ":" + note.Text)))
                    .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = "Cookies,Bearer" });
                app.MapCsrfToken();
            },
            clock);
        return new SessionHarness(app, clock, audit);
    }

    public Browser NewBrowser() => new(App.GetTestServer().CreateClient());

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public sealed record Me(string User, string? Sid);

    public sealed record Note(string Text);

    public sealed record CsrfToken(string HeaderName, string Token);
}

/// <summary>A client that keeps cookies like a browser (over HTTPS).</summary>
internal sealed class Browser(HttpClient client)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public List<string> SetCookieHeaders { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri("https://localhost" + path));
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                SetCookieHeaders.Add(setCookie);
                var pair = setCookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, object? json = null, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Post, path, json, headers);
}

/// <summary>"Authorization: Bearer user:alice" authenticates alice.</summary>
internal sealed class TestBearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization is [{ } value] && value.StartsWith("Bearer user:", StringComparison.Ordinal))
        {
            var identity = new ClaimsIdentity([new Claim("sub", value["Bearer user:".Length..])], "Bearer");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }
}
