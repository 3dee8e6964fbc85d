using Kyc.Onboarding.Domain.Parties;

namespace Kyc.Onboarding.Domain.Cases;

/// <summary>What happened to a case, raised by the aggregate; the application turns each into an integration event.</summary>
public abstract record CaseEvent;

public sealed record CaseCreated : CaseEvent;

public sealed record CaseUpdated(IReadOnlyList<string> ChangedFields) : CaseEvent;

public sealed record PartyAdded(Party Party) : CaseEvent;

public sealed record PartyUpdated(Party Party) : CaseEvent;

public sealed record PartyRemoved(Guid PartyId) : CaseEvent;

public sealed record CaseSubmitted(CaseStatus PreviousStatus) : CaseEvent;

public sealed record ReviewStarted(CaseStatus PreviousStatus) : CaseEvent;

public sealed record InfoRequested(OperatorNote Request) : CaseEvent;

public sealed record CaseApproved(OperatorNote Decision) : CaseEvent;

public sealed record CaseRejected(OperatorNote Decision) : CaseEvent;
