using System.Net;
using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Observability;

[Collection(SharedAppCollection.Name)]
public sealed class TraceContextTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task An_incoming_traceparent_is_the_trace_of_the_request()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/no-such-thing");
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");

        using var response = await _app.Client().SendAsync(request);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(traceId, problem.TraceId);
    }

    [Fact]
    public async Task Without_a_traceparent_each_request_starts_its_own_trace()
    {
        using var first = await _app.Client().GetAsync("/v1/no-such-thing");
        using var second = await _app.Client().GetAsync("/v1/no-such-thing");

        var a = await Problem.ReadAsync(first, HttpStatusCode.NotFound, "not_found");
        var b = await Problem.ReadAsync(second, HttpStatusCode.NotFound, "not_found");
        Assert.NotEqual(a.TraceId, b.TraceId);
    }
}
