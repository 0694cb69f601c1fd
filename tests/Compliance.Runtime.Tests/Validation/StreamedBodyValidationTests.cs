using System.Net;
using System.Text;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Validation;

/// <summary>
/// Strict validation must not depend on how the body is framed. Over HTTP/2 a body arrives in DATA
/// frames with no Content-Length and no Transfer-Encoding; over HTTP/1.1 it can be chunked. Both
/// used to skip [Validated] entirely (unknown members and a 3 MB body reached the handler).
/// </summary>
public sealed class StreamedBodyValidationTests
{
    private const string UnknownMemberBody = """{"fullName":"Ada Example","ssn":"123-45-6789","mrn":"MRN-5551234"}""";
    private const string ValidBody = """{"fullName":"Ada Example","ssn":"123-45-6789","age":40}""";
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task Http2_StreamedBodyWithoutContentLength_IsValidated()
    {
        var handled = 0;
        var (app, address) = await KestrelApp.StartAsync(builder => Configure(builder), app => Map(app, () => Interlocked.Increment(ref handled)), HttpProtocols.Http2);
        await using var _ = app;
        using var client = KestrelApp.Http2Client(address);

        using var rejected = await client.PostAsync("/patients", new StreamingJsonContent(UnknownMemberBody));
        Assert.Equal(HttpVersion.Version20, rejected.Version);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);

        using var accepted = await client.PostAsync("/patients", new StreamingJsonContent(ValidBody));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Http2_StreamedOversizeBody_Is413WhileStreaming()
    {
        var handled = 0;
        var (app, address) = await KestrelApp.StartAsync(builder => Configure(builder), app => Map(app, () => Interlocked.Increment(ref handled)), HttpProtocols.Http2);
        await using var _ = app;
        using var client = KestrelApp.Http2Client(address);

        using var response = await client.PostAsync("/patients", new StreamingJsonContent(OversizeBody(3 * 1024 * 1024)));
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task TestHost_ChunkedBody_IsValidated_AndOversizeIs413()
    {
        var handled = 0;
        await using var app = await TestApp.StartAsync(builder => Configure(builder), app => Map(app, () => Interlocked.Increment(ref handled)));
        var client = app.Client();

        using var rejected = await client.PostAsync("/patients", new StreamingJsonContent(UnknownMemberBody));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);

        using var oversize = await client.PostAsync("/patients", new StreamingJsonContent(OversizeBody(3 * 1024 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);

        using var accepted = await client.PostAsync("/patients", new StreamingJsonContent(ValidBody));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Http11_DeclaredOversizeBody_Is413WithoutReadingIt()
    {
        await using var app = await TestApp.StartAsync(builder => Configure(builder), app => Map(app, () => { }));
        using var response = await app.Client().PostAsync("/patients", new ByteArrayContent(OversizeBody(Limit + 1)) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static byte[] OversizeBody(int size)
    {
        var prefix = "{\"fullName\":\""u8.ToArray();
        var body = new byte[size];
        prefix.CopyTo(body, 0);
        body.AsSpan(prefix.Length).Fill((byte)'a');
        return body;
    }

    private static void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddCompliance().AddValidation(o => o.MaxBodySize = Limit);

    private static void Map(WebApplication app, Action handled)
    {
        app.UseRouting();
        app.UseCompliance();
        app.MapPost("/patients", (PatientInput input) =>
        {
            handled();
            return input.FullName;
        }).Validated();
    }
}
