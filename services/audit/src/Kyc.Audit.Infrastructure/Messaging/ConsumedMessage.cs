using System.Diagnostics;
using System.Globalization;
using Kyc.Messaging.Diagnostics;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>Where the message being handled was read: topic, partition, offset.</summary>
public sealed record KafkaCoordinates(string? Topic, int? Partition, long? Offset)
{
    /// <summary>
    /// Read from the consumer span Kyc.Messaging opens around each handler call (<c>process {topic}</c>, tags
    /// <c>messaging.destination.name</c>, <c>messaging.destination.partition.id</c>, <c>messaging.kafka.offset</c>):
    /// <see cref="Kyc.Messaging.Consuming.IIdempotentEventHandler"/> is given the CloudEvent only. The span exists whenever
    /// the Kyc.Messaging activity source is listened to, which the web defaults (OpenTelemetry, sources Kyc.*) always do.
    /// </summary>
    public static KafkaCoordinates FromCurrentActivity()
    {
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.Source.Name != MessagingTelemetry.ActivitySourceName || activity.Kind != ActivityKind.Consumer) continue;
            var topic = activity.GetTagItem("messaging.destination.name") as string;
            int? partition = activity.GetTagItem("messaging.destination.partition.id") is string p &&
                             int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            long? offset = activity.GetTagItem("messaging.kafka.offset") switch
            {
                long l => l,
                int i => i,
                _ => null,
            };
            return new KafkaCoordinates(topic, partition, offset);
        }
        return new KafkaCoordinates(null, null, null);
    }
}
