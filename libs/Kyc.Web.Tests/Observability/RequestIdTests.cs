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
    [InlineData("A-z_0.9")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    public async Task A_request_id_of_letters_digits_dots_underscores_and_hyphens_is_kept(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", id);

        using var response = await _app.Client().SendAsync(request);

        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\",\"code\":\"x")]
    [InlineData("back\\slash")]
    [InlineData("semi;colon")]
    [InlineData("<script>")]
    [InlineData("ünïcode")]
    [InlineData("")]
    public async Task A_request_id_with_other_characters_is_replaced(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", id);

        using var response = await _app.Client().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task A_request_id_longer_than_128_characters_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", new string('a', 129));

        using var response = await _app.Client().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task A_replaced_request_id_never_reaches_an_error_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/no-such-thing");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "x\",\"code\":\"hijacked");

        using var response = await _app.Client().SendAsync(request);

        var problem = await Problem.ReadAsync(response, System.Net.HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("hijacked", problem.Raw, StringComparison.Ordinal);
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
