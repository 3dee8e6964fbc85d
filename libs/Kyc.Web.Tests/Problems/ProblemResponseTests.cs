using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Problems;

[Collection(SharedAppCollection.Name)]
public sealed class ProblemResponseTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task Malformed_json_is_400_malformed_request()
    {
        using var content = new StringContent("{\"name\": \"x\", ", Encoding.UTF8, "application/json");

        using var response = await _app.Client().PostAsync("/v1/open/things", content);

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task A_missing_body_is_400_malformed_request()
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");

        using var response = await _app.Client().PostAsync("/v1/open/things", content);

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task An_unknown_route_is_404_not_found_with_every_problem_member()
    {
        using var response = await _app.Client().GetAsync("/v1/no-such-thing?email=jane@example.com");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("/v1/no-such-thing", problem.Body.GetProperty("instance").GetString());
        Assert.DoesNotContain("jane", problem.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_405_method_not_allowed_with_allow()
    {
        // Routing answers 405 with an endpoint of its own, which the fallback policy covers: send a token.
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);

        using var response = await _app.Client(token).DeleteAsync("/v1/open/things");

        await Problem.ReadAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_payload_too_large()
    {
        var body = new { name = new string('x', (int)TestApp.MaxRequestBodyBytes), count = 1 };

        using var response = await _app.Client().PostAsJsonAsync("/v1/open/things", body);

        await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_payload_too_large()
    {
        var json = $"{{\"name\":\"{new string('x', (int)TestApp.MaxRequestBodyBytes)}\",\"count\":1}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/open/things") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _app.Client().SendAsync(request);

        await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_body_of_another_content_type_is_415_unsupported_media_type()
    {
        // Routing answers 415 with an endpoint of its own, which the fallback policy covers: send a token.
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        using var content = new StringContent("name=x&count=1", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await _app.Client(token).PostAsync("/v1/open/things", content);

        await Problem.ReadAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_415_from_body_binding()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"x\",\"count\":1}"));

        using var response = await _app.Client().PostAsync("/v1/open/things", content);

        await Problem.ReadAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task An_invalid_field_is_422_validation_failed_with_the_errors_per_field()
    {
        using var response = await _app.Client().PostAsJsonAsync("/v1/open/things", new { name = "x", count = -1 });

        var problem = await Problem.ReadAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        var messages = problem.Body.GetProperty("errors").GetProperty("count");
        Assert.Equal("must be zero or more", Assert.Single(messages.EnumerateArray()).GetString());
    }

    [Fact]
    public async Task An_unhandled_exception_is_500_internal_error_without_its_text()
    {
        using var response = await _app.Client().GetAsync("/v1/open/boom");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("secret", problem.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("jane", problem.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InvalidOperationException", problem.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem.Raw, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task An_unreachable_database_is_503_service_unavailable_with_retry_after_without_its_text()
    {
        using var response = await _app.Client().GetAsync("/v1/open/database-down");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("jane", problem.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", problem.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", problem.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thrown_api_problem_answers_with_the_services_own_code()
    {
        using var response = await _app.Client().GetAsync("/v1/open/cases/c-1");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound, "case_not_found");
        Assert.Equal("Case not found", problem.Body.GetProperty("title").GetString());
        Assert.Equal("No such case.", problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_problem_code_missing_from_the_catalog_is_a_500_internal_error()
    {
        using var response = await _app.Client().GetAsync("/v1/open/unregistered-code");

        await Problem.ReadAsync(response, HttpStatusCode.InternalServerError, "internal_error");
    }

    [Fact]
    public async Task A_returned_api_problem_answers_with_its_code()
    {
        using var response = await _app.Client().PostAsync("/v1/open/cases/c-1/approve", null);

        await Problem.ReadAsync(response, HttpStatusCode.Conflict, "illegal_transition");
    }

    [Fact]
    public async Task An_empty_error_status_from_a_handler_gets_the_problem_of_its_status()
    {
        using var response = await _app.Client().GetAsync("/v1/open/empty-not-found");

        await Problem.ReadAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_problem_written_by_the_framework_gets_the_same_members()
    {
        using var response = await _app.Client().GetAsync("/v1/open/framework-problem");

        await Problem.ReadAsync(response, HttpStatusCode.Conflict, "conflict");
    }
}
