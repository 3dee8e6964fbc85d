using System.Text.Json;
using Kyc.Testing;
using Kyc.Web.Logging;
using Kyc.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Web.Tests.Logging;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Each_request_is_logged_once_with_route_template_status_and_duration_but_no_path_or_query()
    {
        var sink = new CapturingProvider();
        await using var app = await TestApp.StartAsync(builder =>
        {
            builder.Logging.AddProvider(sink);
            builder.Logging.AddFilter<CapturingProvider>("Kyc.Web", LogLevel.Information);
        });
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/things/secret-id?email=jane@example.com");
        request.Headers.Add("X-Request-Id", "req-log-1");

        using (var response = await app.Client(token).SendAsync(request)) response.EnsureSuccessStatusCode();

        var lines = await Eventually.GetAsync(() => Task.FromResult(sink.Lines("req-log-1")), l => l.Count > 0);
        var line = Assert.Single(lines);
        Assert.Equal("GET", line.GetProperty("http_method").GetString());
        Assert.Equal("/v1/things/{id}", line.GetProperty("http_route").GetString());
        Assert.Equal(200, line.GetProperty("http_status").GetInt32());
        Assert.True(line.GetProperty("duration_ms").GetDouble() >= 0);
        Assert.Matches("^[0-9a-f]{32}$", line.GetProperty("trace_id").GetString());
        Assert.DoesNotContain("secret-id", line.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("jane", line.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>Formats every entry with the service's JSON formatter and keeps the lines.</summary>
    private sealed class CapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly KycJsonConsoleFormatter _formatter = new(new PiiMasker(new PiiMaskingOptions()), TimeProvider.System);
        private readonly List<FormattingLogger> _loggers = [];
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName)
        {
            var logger = new FormattingLogger(_formatter, categoryName, _scopes);
            lock (_loggers) _loggers.Add(logger);
            return logger;
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public List<JsonElement> Lines(string requestId)
        {
            lock (_loggers)
            {
                return [.. _loggers.SelectMany(l => l.Lines).Where(l =>
                    l.TryGetProperty("request_id", out var id) && id.GetString() == requestId &&
                    l.GetProperty("category").GetString() == "Kyc.Web.Logging.RequestLoggingMiddleware")];
            }
        }

        public void Dispose() => _formatter.Dispose();
    }
}
