namespace Kyc.Messaging.Consuming;

internal enum OutcomeKind
{
    /// <summary>Committed (handled or a duplicate): store the offset.</summary>
    Done,

    /// <summary>The dead-letter topic acknowledged it: store and commit the offset at once.</summary>
    DeadLettered,

    /// <summary>Not the message's fault (database or dead-letter topic unreachable): read it again after <see cref="Outcome.Delay"/>.</summary>
    Stalled,

    /// <summary>The host is stopping: leave it for redelivery.</summary>
    Abandoned,

    /// <summary>A batch failed: process its messages again one by one.</summary>
    FallBack,
}

internal readonly record struct Outcome(OutcomeKind Kind, TimeSpan Delay = default)
{
    public static Outcome Done => new(OutcomeKind.Done);
    public static Outcome DeadLettered => new(OutcomeKind.DeadLettered);
    public static Outcome Abandoned => new(OutcomeKind.Abandoned);
    public static Outcome FallBack => new(OutcomeKind.FallBack);
}
