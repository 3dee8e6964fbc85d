using System.Diagnostics;
using System.Text.Json;
using Kyc.Persistence.Outbox;
using Xunit;

namespace Kyc.Persistence.Tests.Outbox;

public sealed class OutboxMessageTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 1, 12, 30, 15, TimeSpan.Zero);

    [Fact]
    public void Create_takes_the_w3c_trace_context_of_the_current_activity()
    {
        using var activity = new Activity("handle command").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.TraceStateString = "kyc=00f067aa0ba902b7";

        var message = NewMessage();

        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", message.TraceParent);
        Assert.Equal("kyc=00f067aa0ba902b7", message.TraceState);
    }

    [Fact]
    public void An_unsampled_activity_gives_trace_flags_00()
    {
        using var activity = new Activity("handle command").SetIdFormat(ActivityIdFormat.W3C).Start();

        var message = NewMessage();

        Assert.EndsWith("-00", message.TraceParent, StringComparison.Ordinal);
        Assert.Null(message.TraceState);
    }

    [Fact]
    public void Without_an_activity_the_trace_context_stays_empty()
    {
        Activity.Current = null;

        var message = NewMessage();

        Assert.Null(message.TraceParent);
        Assert.Null(message.TraceState);
    }

    [Fact]
    public void Create_gives_each_message_a_new_version_7_id()
    {
        var first = NewMessage();
        var second = NewMessage();

        Assert.Equal(7, first.Id.Version);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void Data_given_as_a_json_element_is_kept_as_its_json_text()
    {
        using var document = JsonDocument.Parse("""{"case_id":"c-1","legal_name":"Acme GmbH"}""");

        var message = OutboxMessage.Create("kyc.onboarding.events", "kyc.onboarding.case_opened.v1", "/onboarding", "c-1", "p-1", Time, document.RootElement);

        Assert.Equal("""{"case_id":"c-1","legal_name":"Acme GmbH"}""", message.Data);
    }

    private static OutboxMessage NewMessage() =>
        OutboxMessage.Create("kyc.onboarding.events", "kyc.onboarding.case_opened.v1", "/onboarding", "c-1", "p-1", Time, """{"case_id":"c-1"}""");
}
