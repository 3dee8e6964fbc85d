using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kyc.Web.Tests.Support;

/// <summary>An OTLP/HTTP trace endpoint on a real Kestrel port that keeps what it receives, standing in for the collector.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string ContentType, byte[] Body)> _exports;

    private OtlpReceiver(WebApplication app, ConcurrentQueue<(string, byte[])> exports)
    {
        _app = app;
        _exports = exports;
    }

    public Uri Endpoint => new(_app.Urls.Single());

    public IReadOnlyList<(string ContentType, byte[] Body)> Exports => [.. _exports];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var exports = new ConcurrentQueue<(string, byte[])>();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.ContentType ?? "", body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return new OtlpReceiver(app, exports);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
