using System.Text;
using Confluent.Kafka;

namespace Kyc.Testing;

/// <summary>Reading a Kafka header as text, in assertions.</summary>
public static class KafkaHeaderText
{
    /// <summary>The last value of header <paramref name="name"/> as UTF-8 text; a missing header fails the test.</summary>
    public static string Text(this Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : throw new KeyNotFoundException($"header {name} is missing");
}
