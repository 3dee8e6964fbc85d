using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Messaging.Tests.CloudEvents;

public sealed class KafkaCloudEventBindingTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void Every_attribute_survives_a_round_trip_through_the_binary_binding()
    {
        var e = TestEvents.Create("case-1", 7, TraceParent) with { Time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234560) };

        var back = KafkaCloudEventBinding.FromMessage(KafkaCloudEventBinding.ToMessage(e));

        Assert.Equal(e.Id, back.Id);
        Assert.Equal(e.Source, back.Source);
        Assert.Equal(e.Type, back.Type);
        Assert.Equal(e.Time, back.Time);
        Assert.Equal(e.Subject, back.Subject);
        Assert.Equal(e.DataSchema, back.DataSchema);
        Assert.Equal(e.PartnerId, back.PartnerId);
        Assert.Equal(e.Data.ToArray(), back.Data.ToArray());
        Assert.Equal(e.TraceParent, back.TraceParent);
        Assert.Equal(e.TraceState, back.TraceState);
        Assert.Equal(e.CorrelationId, back.CorrelationId);
    }

    [Fact]
    public void Attributes_are_ce_headers_the_data_is_the_value_and_the_subject_is_the_key()
    {
        var e = TestEvents.Create("case-42", 1, TraceParent);

        var message = KafkaCloudEventBinding.ToMessage(e);

        Assert.Equal("case-42", message.Key);
        Assert.Equal(e.Data.ToArray(), message.Value);
        Assert.Equal("1.0", message.Headers.Text("ce_specversion"));
        Assert.Equal(e.Id, message.Headers.Text("ce_id"));
        Assert.Equal("/tests", message.Headers.Text("ce_source"));
        Assert.Equal(e.Type, message.Headers.Text("ce_type"));
        Assert.Equal("case-42", message.Headers.Text("ce_subject"));
        Assert.Equal("partner-test", message.Headers.Text("ce_partnerid"));
        Assert.Equal("application/json", message.Headers.Text("content-type"));
        Assert.Equal(TraceParent, message.Headers.Text("ce_traceparent"));
        Assert.Equal(TraceParent, message.Headers.Text("traceparent"));
        Assert.Equal("vendor=test", message.Headers.Text("tracestate"));
        Assert.EndsWith("Z", message.Headers.Text("ce_time"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_subject_is_keyed_by_its_id_and_optional_headers_are_left_out()
    {
        var e = TestEvents.Create("x") with { Subject = null, DataSchema = null, CorrelationId = null };

        var message = KafkaCloudEventBinding.ToMessage(e);

        Assert.Equal(e.Id, message.Key);
        Assert.False(message.Headers.TryGetLastBytes("ce_subject", out _));
        Assert.False(message.Headers.TryGetLastBytes("traceparent", out _));
        Assert.Null(KafkaCloudEventBinding.FromMessage(message).Subject);
    }

    [Fact]
    public void A_plain_traceparent_header_is_used_when_the_extension_is_absent()
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Add("traceparent", Encoding.UTF8.GetBytes(TraceParent));

        Assert.Equal(TraceParent, KafkaCloudEventBinding.FromMessage(message).TraceParent);
    }

    [Theory]
    [InlineData("ce_id")]
    [InlineData("ce_source")]
    [InlineData("ce_type")]
    [InlineData("ce_time")]
    [InlineData("ce_specversion")]
    [InlineData("ce_partnerid")]
    public void A_missing_required_header_is_a_format_error_that_names_it(string header)
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Remove(header);

        var error = Assert.Throws<CloudEventFormatException>(() => KafkaCloudEventBinding.FromMessage(message));
        Assert.Contains(header, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ce_specversion", "0.3")]
    [InlineData("content-type", "text/plain")]
    [InlineData("ce_time", "yesterday")]
    [InlineData("ce_time", "2024-05-06")]
    [InlineData("ce_time", "2024-05-06T07:08:09")]
    [InlineData("ce_time", "2024-13-06T07:08:09Z")]
    [InlineData("ce_id", "")]
    public void A_malformed_header_is_a_format_error_that_names_it(string header, string value)
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Remove(header);
        message.Headers.Add(header, Encoding.UTF8.GetBytes(value));

        var error = Assert.Throws<CloudEventFormatException>(() => KafkaCloudEventBinding.FromMessage(message));
        Assert.Contains(header, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-05-06T07:08:09Z", "2024-05-06T07:08:09+00:00")]
    [InlineData("2024-05-06t07:08:09.123456789z", "2024-05-06T07:08:09.1234567+00:00")]
    [InlineData("2024-05-06T07:08:09.5-03:30", "2024-05-06T07:08:09.5-03:30")]
    public void Any_RFC_3339_time_is_accepted(string text, string expected)
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Remove("ce_time");
        message.Headers.Add("ce_time", Encoding.UTF8.GetBytes(text));

        var time = KafkaCloudEventBinding.FromMessage(message).Time;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, time.Offset);
    }

    [Fact]
    public void A_header_that_is_not_UTF8_is_a_format_error()
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Remove("ce_type");
        message.Headers.Add("ce_type", [0x6b, 0xff, 0xfe]);

        var error = Assert.Throws<CloudEventFormatException>(() => KafkaCloudEventBinding.FromMessage(message));
        Assert.Contains("ce_type", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("not json")]
    [InlineData("{} {}")]
    public void Data_that_is_not_well_formed_JSON_is_a_format_error(string data)
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Value = Encoding.UTF8.GetBytes(data);

        Assert.Throws<CloudEventFormatException>(() => KafkaCloudEventBinding.FromMessage(message));
    }

    [Fact]
    public void A_JSON_media_type_with_parameters_or_a_json_suffix_is_accepted()
    {
        var message = KafkaCloudEventBinding.ToMessage(TestEvents.Create("x"));
        message.Headers.Remove("content-type");
        message.Headers.Add("content-type", Encoding.UTF8.GetBytes("application/cloudevents-data+json; charset=utf-8"));

        Assert.Equal("x", KafkaCloudEventBinding.FromMessage(message).Subject);
    }

    [Fact]
    public void A_message_without_headers_is_a_format_error()
    {
        var error = Assert.Throws<CloudEventFormatException>(() =>
            KafkaCloudEventBinding.FromMessage(new Message<string, byte[]> { Key = "k", Value = "{}"u8.ToArray() }));
        Assert.Contains("headers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_an_id_cannot_be_turned_into_a_message()
    {
        Assert.Throws<ArgumentException>(() => KafkaCloudEventBinding.ToMessage(TestEvents.Create("x") with { Id = " " }));
        Assert.Throws<ArgumentException>(() => KafkaCloudEventBinding.ToMessage(TestEvents.Create("x") with { PartnerId = "" }));
    }
}
