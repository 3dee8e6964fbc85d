using System.Collections.Frozen;
using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts;

/// <summary>
/// The schema registry: every published event type and version of the platform. A type is published by adding
/// its schema file, its record and a line here (and freezing the schema: see README.md).
/// </summary>
public static class EventRegistry
{
    /// <summary>The producer name of the onboarding service.</summary>
    public const string Onboarding = "onboarding";

    /// <summary>Every registered contract, grouped by producer, then by type and version.</summary>
    public static IReadOnlyList<EventContract> All { get; } =
    [
        new(Onboarding, "case.created", 1, typeof(CaseCreatedV1)),
        new(Onboarding, "case.updated", 1, typeof(CaseUpdatedV1)),
        new(Onboarding, "party.added", 1, typeof(PartyAddedV1)),
        new(Onboarding, "party.updated", 1, typeof(PartyUpdatedV1)),
        new(Onboarding, "party.removed", 1, typeof(PartyRemovedV1)),
        new(Onboarding, "case.submitted", 1, typeof(CaseSubmittedV1)),
        new(Onboarding, "case.review_started", 1, typeof(CaseReviewStartedV1)),
        new(Onboarding, "case.info_requested", 1, typeof(CaseInfoRequestedV1)),
        new(Onboarding, "case.approved", 1, typeof(CaseApprovedV1)),
        new(Onboarding, "case.rejected", 1, typeof(CaseRejectedV1)),
    ];

    private static readonly FrozenDictionary<string, EventContract> ByCloudEventType =
        All.ToFrozenDictionary(c => c.CloudEventType, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, EventContract> ByDataType = All.ToFrozenDictionary(c => c.DataType);

    /// <summary>The contract of a CloudEvents type (<c>ce_type</c>), or null when no such type is published.</summary>
    public static EventContract? Find(string? cloudEventType) =>
        cloudEventType is not null && ByCloudEventType.TryGetValue(cloudEventType, out var contract) ? contract : null;

    /// <summary>The contract whose payload record is <typeparamref name="TData"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TData"/> is not a registered payload record.</exception>
    public static EventContract For<TData>() => For(typeof(TData));

    /// <summary>The contract whose payload record is <paramref name="dataType"/>.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="dataType"/> is not a registered payload record.</exception>
    public static EventContract For(Type dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        return ByDataType.TryGetValue(dataType, out var contract)
            ? contract
            : throw new InvalidOperationException($"{dataType.FullName} is not the payload record of any event in EventRegistry.");
    }

    /// <summary>The contracts published by one producer (e.g. <see cref="Onboarding"/>).</summary>
    public static IReadOnlyList<EventContract> ByProducer(string producer) =>
        All.Where(c => string.Equals(c.Producer, producer, StringComparison.Ordinal)).ToArray();
}
