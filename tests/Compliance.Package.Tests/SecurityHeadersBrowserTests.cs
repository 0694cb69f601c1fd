using Compliance.Package.Tests.Browser;
using Xunit.Abstractions;

namespace Compliance.Package.Tests;

/// <summary>
/// The CMP5003 fix on the real <c>dotnet new mvc</c> template, as a new user applies it, checked in
/// a real browser: the page's own CSS, scripts and images must still work under the headers.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class SecurityHeadersBrowserTests(PackagedAppFixture fixture, ITestOutputHelper output)
{
    /// <summary>The API policy, which the page policy replaced for HTML responses.</summary>
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    [ChromiumFact]
    public async Task MvcTemplate_WithTheHeadersFix_RendersWithoutCspViolations_WhileTheApiPolicyWouldBreakIt()
    {
        Assert.True(ChromiumBrowser.FindExecutable() is not null, "Chromium is required when CI=true: apt-get install -y --no-upgrade chromium");
        var app = await fixture.CreateAppAsync("MvcApp", "", "mvc", "Compliance.Runtime");

        var format = await ProcessRunner.RunAsync(app, fixture.Environment(), "dotnet", "format", "analyzers", "--diagnostics", "CMP5003", "--severity", "warn", "--no-restore");
        Assert.True(format.ExitCode == 0, format.ToString());
        var program = await File.ReadAllTextAsync(Path.Combine(app, "Program.cs"));
        Assert.Contains("var app = builder.Build();\napp.UseSecurityHeaders();", program.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var build = await fixture.BuildAsync(app);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CMP5003", build.Output, StringComparison.Ordinal);

        // Development, as after 'dotnet new' + F5: the CSP is not a production-only header.
        var environment = fixture.Environment();
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        await using var browser = await ChromiumBrowser.LaunchAsync();

        await using (var running = await RunningApp.StartAsync(app, environment))
        {
            var page = await browser.LoadAsync(running.Address.ToString());
            Report("page policy", page);
            var console = string.Join("\n", page.Messages);
            Assert.True(page.Status == 200, $"status {page.Status}\n{console}\n{running.Output}");
            Assert.True(page.Headers.TryGetValue("content-security-policy", out var policy), "no CSP header on the page");
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Equal("Home Page - MvcApp", (await browser.EvaluateAsync("document.title")).GetString());
            Assert.Equal("Welcome", (await browser.EvaluateAsync("document.querySelector('h1.display-4')?.textContent")).GetString());

            Assert.DoesNotContain(page.Messages, static m => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
            Assert.True(page.CspViolations.Count == 0, "violations: " + string.Join("\n", page.CspViolations));

            // The stylesheets and scripts really ran: Bootstrap lays the navbar out as flex, and
            // jQuery and Bootstrap's JavaScript are loaded.
            Assert.Equal("flex", (await browser.EvaluateAsync("getComputedStyle(document.querySelector('nav.navbar')).display")).GetString());
            Assert.True((await browser.EvaluateAsync("typeof window.jQuery === 'function' && typeof window.bootstrap === 'object'")).GetBoolean(), console);

            var privacy = await browser.LoadAsync(new Uri(running.Address, "/Home/Privacy").ToString());
            Report("page policy, privacy page", privacy);
            Assert.Equal(200, privacy.Status);
            Assert.DoesNotContain(privacy.Messages, static m => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
            Assert.Empty(privacy.CspViolations);
        }

        // The same page under the API policy (the old default for every response): the browser
        // reports the blocked stylesheets and scripts, so the assertions above can see violations.
        environment["Compliance__SecurityHeaders__PageContentSecurityPolicy"] = ApiPolicy;
        await using (var strict = await RunningApp.StartAsync(app, environment))
        {
            var page = await browser.LoadAsync(strict.Address.ToString());
            Report("API policy", page);
            Assert.Equal(ApiPolicy, page.Headers["content-security-policy"]);
            Assert.Contains(page.Messages, static m => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
            Assert.NotEmpty(page.CspViolations);
            Assert.NotEqual("flex", (await browser.EvaluateAsync("getComputedStyle(document.querySelector('nav.navbar')).display")).GetString());
        }
    }

    /// <summary>Shows the browser console in the test output, as a developer would see it.</summary>
    private void Report(string label, PageLoad page)
    {
        output.WriteLine($"{label}: status {page.Status}, CSP '{page.Headers.GetValueOrDefault("content-security-policy")}', {page.Messages.Count} console message(s), {page.CspViolations.Count} violation event(s)");
        foreach (var message in page.Messages)
        {
            output.WriteLine("  " + message);
        }
    }
}
