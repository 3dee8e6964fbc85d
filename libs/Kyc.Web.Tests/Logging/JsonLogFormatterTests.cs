using System.Diagnostics;
using System.Text.Json;
using Kyc.Web.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Web.Tests.Logging;

public sealed partial class JsonLogFormatterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Fact]
    public void Each_entry_is_one_json_line_with_the_fixed_fields()
    {
        var logger = Logger("Kyc.Onboarding.Cases");

        logger.LogWarning(new EventId(42, "CaseStuck"), "Case {case_id} stuck for {minutes} minutes", "c-1", 12);

        Assert.EndsWith("\n", logger.Output, StringComparison.Ordinal);
        Assert.Single(logger.Output.TrimEnd('\n').Split('\n'));
        var line = Assert.Single(logger.Lines);
        Assert.Equal("2025-03-04T05:06:07.89Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("warn", line.GetProperty("level").GetString());
        Assert.Equal("Kyc.Onboarding.Cases", line.GetProperty("category").GetString());
        Assert.Equal("Case c-1 stuck for 12 minutes", line.GetProperty("message").GetString());
        Assert.Equal("c-1", line.GetProperty("case_id").GetString());
        Assert.Equal(12, line.GetProperty("minutes").GetInt32());
        Assert.Equal(42, line.GetProperty("event_id").GetInt32());
        Assert.Equal("CaseStuck", line.GetProperty("event_name").GetString());
    }

    [Fact]
    public void Personal_properties_are_masked_in_the_properties_and_in_the_message()
    {
        var logger = Logger("Kyc.Onboarding.Parties");

        logger.LogInformation("Director {full_name} born {date_of_birth} reachable at {DirectorEmail} for case {case_id}, id {id_number}",
            "John Smith", new DateOnly(1980, 1, 2), "john.smith@example.com", "c-7", "X12");

        var line = Assert.Single(logger.Lines);
        Assert.Equal("Director Jo*** born *** reachable at jo*** for case c-7, id ***", line.GetProperty("message").GetString());
        Assert.Equal("Jo***", line.GetProperty("full_name").GetString());
        Assert.Equal("***", line.GetProperty("date_of_birth").GetString());
        Assert.Equal("jo***", line.GetProperty("DirectorEmail").GetString());
        Assert.Equal("***", line.GetProperty("id_number").GetString());
        Assert.Equal("c-7", line.GetProperty("case_id").GetString());
        Assert.DoesNotContain("Smith", logger.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("1980", logger.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Emails_ibans_and_iso_dates_in_free_text_are_masked()
    {
        var logger = Logger("Kyc.Risk");

        logger.LogInformation("Screening note: {note}", "contact jane.doe@example.org, IBAN DE89 3704 0044 0532 0130 00, born 1975-11-30");
        logger.LogInformation("Plain message about GB33BUKB20201555555555 on 2024-02-29T10:00:00Z");

        var (first, second) = (logger.Lines[0], logger.Lines[1]);
        Assert.Equal("Screening note: contact ja***, IBAN DE***, born ***", first.GetProperty("message").GetString());
        Assert.Equal("contact ja***, IBAN DE***, born ***", first.GetProperty("note").GetString());
        Assert.Equal("Plain message about GB*** on ***", second.GetProperty("message").GetString());
    }

    [Fact]
    public void Exception_text_is_masked()
    {
        var logger = Logger("Kyc.Onboarding");

        logger.LogError(new InvalidOperationException("duplicate key (email)=(jane.doe@example.org)"), "Insert failed");

        var line = Assert.Single(logger.Lines);
        var exception = line.GetProperty("exception").GetString()!;
        Assert.Contains("InvalidOperationException", exception, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_and_span_ids_come_from_the_current_activity_and_request_id_from_the_scope()
    {
        var logger = Logger("Kyc.Web", new LoggerExternalScopeProvider());
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        using (logger.BeginScope(new Dictionary<string, object?> { ["request_id"] = "req-1", ["RequestPath"] = "/v1/cases/c-1" }))
        {
            logger.LogInformation("Handled");
        }

        var line = Assert.Single(logger.Lines);
        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("span_id").GetString());
        Assert.Equal("req-1", line.GetProperty("request_id").GetString());
        Assert.False(line.TryGetProperty("RequestPath", out _));
    }

    [Fact]
    public void Names_that_only_contain_a_short_personal_word_are_not_masked()
    {
        var logger = Logger("Kyc.Web");

        logger.LogInformation("Started {service_name} with {route_name}", "onboarding", "cases");

        var line = Assert.Single(logger.Lines);
        Assert.Equal("Started onboarding with cases", line.GetProperty("message").GetString());
        Assert.Equal("onboarding", line.GetProperty("service_name").GetString());
    }

    [Fact]
    public void Lifecycle_messages_of_trusted_categories_keep_their_properties()
    {
        var logger = Logger("Microsoft.Hosting.Lifetime");

        logger.LogInformation("Now listening on: {address}", "http://127.0.0.1:8080");

        Assert.Equal("Now listening on: http://127.0.0.1:8080", Assert.Single(logger.Lines).GetProperty("message").GetString());
    }

    [Fact]
    public void Configured_property_names_are_masked_too()
    {
        var options = new PiiMaskingOptions();
        options.PropertyNames.Add("beneficiary");
        var logger = Logger("Kyc.Risk", masker: new PiiMasker(options));

        logger.LogInformation("Screened {beneficiary}", "Ada Lovelace");

        Assert.Equal("Screened Ad***", Assert.Single(logger.Lines).GetProperty("message").GetString());
    }

    [Fact]
    public void Generated_log_methods_are_masked_by_value_name_whatever_the_parameter_order()
    {
        var logger = Logger("Kyc.Onboarding");

        LogPartyAdded(logger, "c-9", "Marie Curie");

        var line = Assert.Single(logger.Lines);
        Assert.Equal("Party Ma*** added to c-9", line.GetProperty("message").GetString());
        Assert.Equal("Ma***", line.GetProperty("legal_name").GetString());
    }

    [Fact]
    public void A_property_named_like_a_fixed_field_does_not_replace_it()
    {
        var logger = Logger("Kyc.Web");

        logger.LogInformation("Got {message}", "hello");

        var line = Assert.Single(logger.Lines);
        Assert.Equal("Got hello", line.GetProperty("message").GetString());
        Assert.Equal("hello", line.GetProperty("_message").GetString());
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

    private static FormattingLogger Logger(string category, IExternalScopeProvider? scopes = null, PiiMasker? masker = null) =>
        new(new KycJsonConsoleFormatter(masker ?? new PiiMasker(new PiiMaskingOptions()), new FixedTime(Now)), category, scopes);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
