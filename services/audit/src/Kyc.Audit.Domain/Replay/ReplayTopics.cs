using System.Text.RegularExpressions;

namespace Kyc.Audit.Domain.Replay;

/// <summary>
/// Where a replay job may publish (docs/security.md, "Replay jobs"): a topic of the replay namespace
/// <c>kyc.replay.&lt;name&gt;</c>, which no service consumes unless told to; or, when a job explicitly asks for it, each
/// event's own producer topic. Never another service's topic, a dead-letter topic or any other.
/// </summary>
public static partial class ReplayTopics
{
    public const string Namespace = "kyc.replay.";

    public const int MaxNameLength = 100;

    /// <summary>Whether <paramref name="topic"/> is <c>kyc.replay.&lt;name&gt;</c> (<c>name</c>: 1 to 100 of a-z, 0-9, '_', '-').</summary>
    /// <remarks><c>kyc.replay.events</c> is refused: it has the shape of a producer's topic, which consumers of every <c>kyc.*.events</c> read.</remarks>
    public static bool IsReplayTopic(string? topic) =>
        topic is not null && Pattern().IsMatch(topic) && topic != Namespace + "events";

    [GeneratedRegex(@"^kyc\.replay\.[a-z0-9][a-z0-9_-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
