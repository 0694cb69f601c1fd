using Compliance.Runtime.Headers;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Headers;

/// <summary>The Content-Security-Policy is chosen per response: pages get the page policy, everything else the API policy.</summary>
public sealed class ContentSecurityPolicyTests
{
    private const string Page = "<!DOCTYPE html><html><head><title>t</title></head><body></body></html>";

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task HtmlGetsThePagePolicy_JsonTheApiPolicy(string environment)
    {
        await using var app = await StartAsync(static _ => { }, environment: environment);
        var client = app.Client();

        Assert.Equal(SecurityHeadersOptions.DefaultPageContentSecurityPolicy, Csp(await client.GetAsync("/page")));
        Assert.Equal(SecurityHeadersOptions.DefaultContentSecurityPolicy, Csp(await client.GetAsync("/json")));
        Assert.Equal(SecurityHeadersOptions.DefaultContentSecurityPolicy, Csp(await client.GetAsync("/missing")));
        Assert.Equal(SecurityHeadersOptions.DefaultPageContentSecurityPolicy, Csp(await client.GetAsync("/xhtml")));
    }

    [Fact]
    public void PagePolicy_AllowsOnlyTheOwnOrigin_AndStaysStrict()
    {
        var policy = SecurityHeadersOptions.DefaultPageContentSecurityPolicy;
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
        foreach (var directive in new[] { "script-src 'self'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UseSecurityHeadersAlone_BindsTheConfigurationSection_AndCodeConfigurationWins()
    {
        await using var app = await StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Compliance:SecurityHeaders:PageContentSecurityPolicy"] = "default-src 'self' https://cdn.example",
                    ["Compliance:SecurityHeaders:ContentSecurityPolicy"] = "default-src 'none'; report-uri /csp",
                    ["Compliance:SecurityHeaders:ReferrerPolicy"] = "same-origin",
                });
                builder.Services.Configure<SecurityHeadersOptions>(o => o.ReferrerPolicy = "strict-origin");
            });
        var page = await app.Client().GetAsync("/page");
        Assert.Equal("default-src 'self' https://cdn.example", Csp(page));
        Assert.Equal("strict-origin", Header(page, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; report-uri /csp", Csp(await app.Client().GetAsync("/json")));
    }

    [Fact]
    public async Task AddSecurityHeaders_BindsTheConfigurationSection()
    {
        await using var app = await StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Compliance:SecurityHeaders:PageContentSecurityPolicy"] = "default-src 'self'",
                });
                builder.Services.AddCompliance().AddSecurityHeaders();
            },
            useCompliance: true);
        Assert.Equal("default-src 'self'", Csp(await app.Client().GetAsync("/page")));
        Assert.Equal(SecurityHeadersOptions.DefaultContentSecurityPolicy, Csp(await app.Client().GetAsync("/json")));
    }

    [Fact]
    public async Task NullOrEmptyPolicy_LeavesTheHeaderAlone_ForThatKindOfResponseOnly()
    {
        await using var app = await StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Compliance:SecurityHeaders:ContentSecurityPolicy"] = "" });
                builder.Services.AddCompliance().AddSecurityHeaders(o => o.PageContentSecurityPolicy = null);
            },
            useCompliance: true);
        var page = await app.Client().GetAsync("/page");
        Assert.False(page.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("nosniff", Header(page, "X-Content-Type-Options"));
        Assert.False((await app.Client().GetAsync("/json")).Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task PolicySetByTheApplication_IsKept()
    {
        await using var app = await StartAsync(static _ => { });
        Assert.Equal("default-src 'self' https://maps.example", Csp(await app.Client().GetAsync("/own-policy")));
    }

    [Fact]
    public async Task Nonce_IsAddedToScriptAndStyleSources_OfThatResponseOnly()
    {
        await using var app = await StartAsync(static _ => { });
        var client = app.Client();
        var response = await client.GetAsync("/nonce");
        var nonce = await response.Content.ReadAsStringAsync();
        Assert.Equal(24, nonce.Length);
        Assert.Equal(
            $"default-src 'self'; script-src 'nonce-{nonce}' 'self'; style-src 'nonce-{nonce}' 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            Csp(response));

        var second = await client.GetAsync("/nonce");
        Assert.NotEqual(nonce, await second.Content.ReadAsStringAsync());
        Assert.Equal(SecurityHeadersOptions.DefaultPageContentSecurityPolicy, Csp(await client.GetAsync("/page")));
    }

    [Theory]
    [InlineData("default-src 'self'", "default-src 'self'")]
    [InlineData("default-src 'self';Script-Src https://cdn.example", "default-src 'self';Script-Src 'nonce-N' https://cdn.example")]
    [InlineData("script-src-elem 'self'; style-src", "script-src-elem 'self'; style-src 'nonce-N'")]
    public void Nonce_GoesOnlyIntoExistingScriptAndStyleDirectives(string policy, string expected)
        => Assert.Equal(expected, CspNonceFeature.AddTo(policy, "N"));

    private static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure, bool useCompliance = false, string environment = "Production")
        => await TestApp.StartAsync(
            configure,
            app =>
            {
                if (useCompliance)
                {
                    app.UseRouting();
                    app.UseCompliance();
                }
                else
                {
                    app.UseSecurityHeaders();
                }

                app.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
                app.MapGet("/xhtml", () => Results.Content(Page, "application/xhtml+xml"));
                app.MapGet("/json", () => new { ok = true });
                app.MapGet("/own-policy", (HttpContext context) =>
                {
                    context.Response.Headers.ContentSecurityPolicy = "default-src 'self' https://maps.example";
                    return Results.Content(Page, "text/html");
                });
                app.MapGet("/nonce", (HttpContext context) => Results.Content(context.GetCspNonce(), "text/html"));
            },
            environment: environment);

    private static string Csp(HttpResponseMessage response) => Header(response, "Content-Security-Policy");

    private static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
