using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Infrastructure;

/// <summary>A real WebApplication on Kestrel, listening on a free loopback port with the given protocols (cleartext, so HTTP/2 is h2c with prior knowledge).</summary>
internal static class KestrelApp
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        Action<WebApplicationBuilder> configureServices,
        Action<WebApplication> configurePipeline,
        HttpProtocols protocols)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Compliance.Runtime.Tests" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        configureServices(builder);
        var app = builder.Build();
        configurePipeline(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address));
    }

    /// <summary>A client that speaks HTTP/2 only, over cleartext (prior knowledge), never downgrading.</summary>
    public static HttpClient Http2Client(Uri address) => new(new SocketsHttpHandler())
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}

/// <summary>A request body of unknown length: sent as HTTP/1.1 chunks or HTTP/2 DATA frames, never with Content-Length.</summary>
internal sealed class StreamingJsonContent : HttpContent
{
    private readonly byte[] _body;

    public StreamingJsonContent(string json)
        : this(System.Text.Encoding.UTF8.GetBytes(json))
    {
    }

    public StreamingJsonContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
        {
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(16 * 1024, _body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
