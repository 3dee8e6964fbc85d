using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Observability;

[Collection(SharedAppCollection.Name)]
public sealed class RequestIdTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task A_callers_request_id_is_echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "partner-req-42");

        using var response = await _app.Client().SendAsync(request);

        Assert.Equal("partner-req-42", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task A_request_id_is_generated_when_the_caller_sends_none()
    {
        using var response = await _app.Client().GetAsync("/health/live");

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(0)]
    public async Task An_unacceptable_request_id_is_replaced(int length)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", length == 0 ? "has space" : new string('a', length));

        using var response = await _app.Client().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Error_responses_carry_the_request_id_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/open/boom");
        request.Headers.Add("X-Request-Id", "req-boom");

        using var response = await _app.Client().SendAsync(request);

        Assert.Equal("req-boom", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }
}
