using System.Net;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>What every instance of one application shares: the database, the seal key and the key-encryption key.</summary>
internal sealed record ScaleOutSettings(string ConnectionString, string SealKey, string KeyEncryptionKey)
{
    public TimeSpan KeyRingReloadInterval { get; init; } = TimeSpan.FromMinutes(5);

    public static ScaleOutSettings For(string connectionString) =>
        new(connectionString, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public byte[] SealKeyBytes => Convert.FromBase64String(SealKey);
}

/// <summary>
/// One application instance on PostgreSQL through <c>UsePostgreSql</c>: an audited PHI read, field
/// encryption with rotation and revocation, MFA enrolment and the health checks. Tests run it in
/// process (TestServer) or as a child process on Kestrel (<see cref="ScaleOutAppProgram"/>).
/// </summary>
internal static class ScaleOutApp
{
    public static readonly EncryptionContext Notes = new("patients", "notes");

    public static WebApplication Build(ScaleOutSettings settings, string? url = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        if (url is null)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseUrls(url);
        }

        builder.Services.AddSingleton<HandlerCount>();
        builder.Services.AddCompliance(o => o.ServiceName = "scale-out-test")
            .AddAuditing(o =>
            {
                o.SealKey = settings.SealKey;
                o.CheckpointEveryRecords = 500;
            })
            .AddFieldEncryption(o =>
            {
                o.KeyEncryptionKey = settings.KeyEncryptionKey;
                o.KeyEncryptionKeyEnvironmentVariable = null;
                o.ReloadInterval = settings.KeyRingReloadInterval;
            })
            .AddMfa(o => o.Issuer = "scale-out-test")
            .UsePostgreSql(settings.ConnectionString);
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.UseRouting();
        app.UseCompliance();
        app.MapGet("/patients/{id}", (string id, HandlerCount count) =>
        {
            count.Increment();
            return Results.Text("record of " + id);
        }).Audited(resourceType: "Patient");

        app.MapPost("/notes/encrypt", async (HttpRequest request, IFieldEncryptor encryptor) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Text(Convert.ToBase64String(encryptor.EncryptString(await reader.ReadToEndAsync(), Notes)));
        });
        app.MapPost("/notes/decrypt", async (HttpRequest request, IFieldEncryptor encryptor) =>
        {
            using var reader = new StreamReader(request.Body);
            var envelope = Convert.FromBase64String(await reader.ReadToEndAsync());
            try
            {
                return Results.Text(encryptor.DecryptString(envelope, Notes, out _));
            }
            catch (KeyRevokedException)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            catch (UnknownKeyException)
            {
                return Results.StatusCode(StatusCodes.Status404NotFound);
            }
        });
        app.MapGet("/keys/active", (IKeyRing ring) => Results.Text(ring.ActiveKey.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        app.MapPost("/keys/revoke/{id}", async (uint id, IKeyRing ring) =>
        {
            await ring.RevokeAsync(id);
            return Results.NoContent();
        });
        app.MapPost("/mfa/{user}", async (string user, ITotpService totp) =>
        {
            await totp.BeginEnrollmentAsync(user, user + "@example.test");
            return Results.NoContent();
        });
        app.MapGet("/mfa/{user}", async (string user, IMfaStore store) =>
            await store.FindAsync(user) is null ? Results.NotFound() : Results.NoContent());
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = static async (context, report) =>
            {
                context.Response.ContentType = "text/plain";
                foreach (var (name, entry) in report.Entries)
                {
                    await context.Response.WriteAsync($"{name}={entry.Status}\n");
                }
            },
        });
        return app;
    }

    public static async Task<RunningApp> StartAsync(ScaleOutSettings settings)
    {
        var app = Build(settings);
        await app.StartAsync();
        return new RunningApp(app);
    }
}

/// <summary>Counts handler runs, so a test can prove no PHI handler ran without its audit record.</summary>
internal sealed class HandlerCount
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}

/// <summary>An in-process instance.</summary>
internal sealed class RunningApp(WebApplication app) : IAsyncDisposable
{
    public WebApplication App => app;

    public HttpClient Client { get; } = app.GetTestClient();

    public int HandlerRuns => app.Services.GetRequiredService<HandlerCount>().Value;

    public T Service<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>
/// Entry point of the test assembly, used only as a child process of the kill test:
/// <c>dotnet Compliance.Runtime.ScaleOut.Tests.dll scale-out-app &lt;url&gt; &lt;connection&gt; &lt;seal key&gt; &lt;kek&gt;</c>.
/// The test runner never calls it.
/// </summary>
public static class ScaleOutAppProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["scale-out-app", var url, var connection, var sealKey, var kek])
        {
            return 0;
        }

        var app = ScaleOutApp.Build(new ScaleOutSettings(connection, sealKey, kek), url);
        await app.StartAsync();
        Console.Out.WriteLine("listening");
        Console.Out.Flush();
        await app.WaitForShutdownAsync();
        return 0;
    }

    internal static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
