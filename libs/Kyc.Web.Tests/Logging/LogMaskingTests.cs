using System.Diagnostics;
using System.Text.Json;
using Kyc.Testing;
using Kyc.Web.Logging;
using Kyc.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Web.Tests.Logging;

/// <summary>The app's real Serilog pipeline, read back from a sink added through configuration.</summary>
public sealed partial class LogMaskingTests(LogMaskingTests.LoggingApp shared) : IClassFixture<LogMaskingTests.LoggingApp>
{
    [Fact]
    public void Each_entry_is_one_compact_json_line_with_message_level_category_properties_and_event_id()
    {
        var (logger, lines) = Logger();

        logger.LogWarning(new EventId(42, "CaseStuck"), "Case {case_id} stuck for {minutes} minutes", "c-1", 12);

        var line = Assert.Single(lines());
        Assert.True(line.TryGetProperty("@t", out _));
        Assert.Equal("Warning", line.GetProperty("@l").GetString());
        Assert.Equal("Case \"c-1\" stuck for 12 minutes", line.GetProperty("@m").GetString());
        Assert.Equal("c-1", line.GetProperty("case_id").GetString());
        Assert.Equal(12, line.GetProperty("minutes").GetInt32());
        Assert.Equal(42, line.GetProperty("EventId").GetProperty("Id").GetInt32());
        Assert.Equal("CaseStuck", line.GetProperty("EventId").GetProperty("Name").GetString());
    }

    [Fact]
    public void Personal_properties_are_masked_in_the_properties_and_in_the_message()
    {
        var (logger, lines) = Logger();

        logger.LogInformation("Director {full_name} born {date_of_birth} reachable at {DirectorEmail} for case {case_id}, id {id_number}",
            "John Smith", new DateOnly(1980, 1, 2), "john.smith@example.com", "c-7", "X12");

        var line = Assert.Single(lines());
        Assert.Equal("Director \"Jo***\" born \"***\" reachable at \"jo***\" for case \"c-7\", id \"***\"", line.GetProperty("@m").GetString());
        Assert.Equal("Jo***", line.GetProperty("full_name").GetString());
        Assert.Equal("***", line.GetProperty("date_of_birth").GetString());
        Assert.Equal("jo***", line.GetProperty("DirectorEmail").GetString());
        Assert.Equal("***", line.GetProperty("id_number").GetString());
        Assert.Equal("c-7", line.GetProperty("case_id").GetString());
        Assert.DoesNotContain("Smith", line.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("1980", line.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_destructured_objects_are_masked_by_their_names()
    {
        var (logger, lines) = Logger();

        logger.LogInformation("Party {@party} added", new { legal_name = "Ada Lovelace", address = "12 Ada Street, London", role = "director" });

        var party = Assert.Single(lines()).GetProperty("party");
        Assert.Equal("Ad***", party.GetProperty("legal_name").GetString());
        Assert.Equal("12***", party.GetProperty("address").GetString());
        Assert.Equal("director", party.GetProperty("role").GetString());
    }

    [Fact]
    public void Emails_ibans_and_iso_dates_in_free_text_are_masked()
    {
        var (logger, lines) = Logger();

        logger.LogInformation("Screening note: {note}", "contact jane.doe@example.org, IBAN DE89 3704 0044 0532 0130 00, born 1975-11-30");
        logger.LogInformation("Plain message about GB33BUKB20201555555555 on 2024-02-29T10:00:00Z");

        var (first, second) = (lines()[0], lines()[1]);
        Assert.Equal("Screening note: \"contact ja***, IBAN DE***, born ***\"", first.GetProperty("@m").GetString());
        Assert.Equal("contact ja***, IBAN DE***, born ***", first.GetProperty("note").GetString());
        Assert.Equal("Plain message about GB*** on ***", second.GetProperty("@m").GetString());
    }

    [Fact]
    public void Exception_text_is_masked()
    {
        var (logger, lines) = Logger();

        logger.LogError(new InvalidOperationException("duplicate key (email)=(jane.doe@example.org)"), "Insert failed");

        var exception = Assert.Single(lines()).GetProperty("@x").GetString()!;
        Assert.Contains("InvalidOperationException", exception, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_and_span_ids_come_from_the_current_activity_and_request_id_from_the_scope_without_the_framework_path()
    {
        var (logger, lines) = Logger();
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        using (logger.BeginScope(new Dictionary<string, object?> { ["request_id"] = "req-1", ["RequestPath"] = "/v1/cases/c-1" }))
        {
            logger.LogInformation("Handled");
        }

        var line = Assert.Single(lines());
        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("@tr").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("@sp").GetString());
        Assert.Equal("req-1", line.GetProperty("request_id").GetString());
        Assert.False(line.TryGetProperty("RequestPath", out _));
    }

    [Fact]
    public void Names_that_only_contain_a_short_personal_word_are_not_masked()
    {
        var (logger, lines) = Logger();

        logger.LogInformation("Started {service_name} with {route_name}", "onboarding", "cases");

        var line = Assert.Single(lines());
        Assert.Equal("onboarding", line.GetProperty("service_name").GetString());
        Assert.Equal("cases", line.GetProperty("route_name").GetString());
    }

    [Fact]
    public void Lifecycle_messages_of_trusted_categories_keep_their_properties()
    {
        var (logger, lines) = Logger("Microsoft.Hosting.Lifetime");

        logger.LogInformation("Now listening on: {address}", "http://127.0.0.1:8080");

        Assert.Contains(lines(), l => l.GetProperty("@m").GetString() == "Now listening on: \"http://127.0.0.1:8080\"");
    }

    [Fact]
    public void Configured_property_names_are_masked_too()
    {
        var (logger, lines) = Logger();

        logger.LogInformation("Screened {beneficiary}", "Ada Lovelace");

        Assert.Equal("Screened \"Ad***\"", Assert.Single(lines()).GetProperty("@m").GetString());
    }

    [Fact]
    public void Generated_log_methods_are_masked_by_value_name_whatever_the_parameter_order()
    {
        var (logger, lines) = Logger();

        LogPartyAdded(logger, "c-9", "Marie Curie");

        var line = Assert.Single(lines());
        Assert.Equal("Party \"Ma***\" added to \"c-9\"", line.GetProperty("@m").GetString());
        Assert.Equal("Ma***", line.GetProperty("legal_name").GetString());
        Assert.Equal(7, line.GetProperty("EventId").GetProperty("Id").GetInt32());
    }

    [Fact]
    public void Logger_providers_registered_in_the_container_receive_masked_entries_too()
    {
        var category = "Kyc.Tests." + Guid.NewGuid().ToString("N");

        shared.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category)
            .LogInformation("Director {full_name} added", "John Smith");

        var entry = Assert.Single(shared.Captured.Entries, e => e.Category == category);
        Assert.Equal("Jo***", entry.State["full_name"]);
        Assert.DoesNotContain("Smith", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_masked_as_hints_or_entirely()
    {
        Assert.Equal("Jo***", PiiMasker.MaskValue("John Smith"));
        Assert.Equal("***", PiiMasker.MaskValue("Jo"));
        Assert.Equal("***", PiiMasker.MaskValue(19800102));
    }

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Party {legal_name} added to {case_id}")]
    private static partial void LogPartyAdded(ILogger logger, string case_id, string legal_name);

    /// <summary>A logger of a category of its own, and its lines in the log file.</summary>
    private (ILogger Logger, Func<IReadOnlyList<JsonElement>> Lines) Logger(string? category = null)
    {
        category ??= "Kyc.Tests." + Guid.NewGuid().ToString("N");
        var logger = shared.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        return (logger, () => shared.Log.Lines(category));
    }

    /// <summary>The test app with a configured file sink, one more masked property name, and a logger provider in the container.</summary>
    public sealed class LoggingApp : IAsyncLifetime
    {
        public LogFile Log { get; } = new();

        public CapturedLogs Captured { get; } = new();

        public TestApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await TestApp.StartAsync(
            configure: builder => builder.Services.AddSingleton<ILoggerProvider>(Captured),
            settings: new Dictionary<string, string?>(Log.Settings()) { ["Logging:Pii:Properties:0"] = "beneficiary" });

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            Log.Dispose();
        }
    }
}
