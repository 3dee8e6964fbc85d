using Kyc.SharedKernel;
using Kyc.Onboarding.Domain.Parties;

namespace Kyc.Onboarding.Domain.Cases;

/// <summary>
/// An onboarding case for one corporate customer of one partner: the company, its parties, and where the case is
/// in its lifecycle (draft → submitted → in_review → approved | rejected; in_review → info_requested → submitted).
/// Every change raises a <see cref="CaseEvent"/> and bumps <see cref="Version"/> (the ETag partners see).
/// </summary>
public sealed class OnboardingCase : IVersioned
{
    public const int MaxParties = 100;

    private readonly List<Party> _parties;
    private readonly List<CaseEvent> _events = [];

    private OnboardingCase(CaseId id, string partnerId, CompanyDetails company, string? externalReference, CaseStatus status,
        IEnumerable<Party> parties, int version, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        DateTimeOffset? submittedAt, OperatorNote? infoRequest, OperatorNote? decision)
    {
        Id = id;
        PartnerId = partnerId;
        Company = company;
        ExternalReference = externalReference;
        Status = status;
        _parties = [.. parties];
        Version = version;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        SubmittedAt = submittedAt;
        InfoRequest = infoRequest;
        Decision = decision;
    }

    public CaseId Id { get; }
    public string PartnerId { get; }
    public CompanyDetails Company { get; private set; }
    public string? ExternalReference { get; private set; }
    public CaseStatus Status { get; private set; }
    public IReadOnlyList<Party> Parties => _parties;
    public int Version { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public OperatorNote? InfoRequest { get; private set; }
    public OperatorNote? Decision { get; private set; }

    /// <summary>Events raised since the case was opened or loaded, in order.</summary>
    public IReadOnlyList<CaseEvent> PendingEvents => _events;

    public bool IsEditable => Status is CaseStatus.Draft or CaseStatus.InfoRequested;

    public static OnboardingCase Open(CaseId id, string partnerId, CompanyDetails company, string? externalReference,
        IEnumerable<PartyDetails> parties, DateTimeOffset now)
    {
        var @case = new OnboardingCase(id, partnerId, company, externalReference, CaseStatus.Draft, [], 1, now, now, null, null, null);
        @case._events.Add(new CaseCreated());
        foreach (var details in parties) @case.AppendParty(details);
        EnsureOwnershipWithinLimits(@case._parties);
        return @case;
    }

    /// <summary>Rebuilds a stored case; raises no events.</summary>
    public static OnboardingCase Restore(CaseId id, string partnerId, CompanyDetails company, string? externalReference,
        CaseStatus status, IEnumerable<Party> parties, int version, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        DateTimeOffset? submittedAt, OperatorNote? infoRequest, OperatorNote? decision) =>
        new(id, partnerId, company, externalReference, status, parties, version, createdAt, updatedAt, submittedAt, infoRequest, decision);

    public void UpdateDetails(CompanyDetails? company, bool setExternalReference, string? externalReference, DateTimeOffset now)
    {
        EnsureEditable();
        var changed = new List<string>();
        if (company is not null && company != Company)
        {
            changed.AddRange(ChangedCompanyFields(Company, company));
            Company = company;
        }
        if (setExternalReference && externalReference != ExternalReference)
        {
            changed.Add("external_reference");
            ExternalReference = externalReference;
        }
        if (changed.Count == 0) return;
        Touch(now);
        _events.Add(new CaseUpdated(changed));
    }

    public Party AddParty(PartyDetails details, DateTimeOffset now)
    {
        EnsureEditable();
        EnsureRoomForAnotherParty();
        // Checked before anything changes: a refused change leaves the case exactly as it was.
        var party = new Party(Guid.CreateVersion7(), details);
        EnsureOwnershipWithinLimits([.. _parties, party]);
        _parties.Add(party);
        _events.Add(new PartyAdded(party));
        Touch(now);
        return party;
    }

    public Party UpdateParty(Guid partyId, PartyDetails details, DateTimeOffset now)
    {
        EnsureEditable();
        var index = IndexOfParty(partyId);
        var updated = new Party(partyId, details);
        EnsureOwnershipWithinLimits(_parties.Select((p, i) => i == index ? updated : p));
        _parties[index] = updated;
        Touch(now);
        _events.Add(new PartyUpdated(updated));
        return updated;
    }

    public void RemoveParty(Guid partyId, DateTimeOffset now)
    {
        EnsureEditable();
        _parties.RemoveAt(IndexOfParty(partyId));
        Touch(now);
        _events.Add(new PartyRemoved(partyId));
    }

    public void Submit(DateTimeOffset now)
    {
        var previous = Status;
        EnsureStatusIsOneOf("submit", CaseStatus.Draft, CaseStatus.InfoRequested);
        EnsureComplete();
        Status = CaseStatus.Submitted;
        SubmittedAt = now;
        Touch(now);
        _events.Add(new CaseSubmitted(previous));
    }

    public void StartReview(DateTimeOffset now)
    {
        var previous = Status;
        EnsureStatusIsOneOf("start review of", CaseStatus.Submitted);
        Status = CaseStatus.InReview;
        Touch(now);
        _events.Add(new ReviewStarted(previous));
    }

    public void RequestInfo(string reasonCode, string? note, string by, DateTimeOffset now)
    {
        EnsureStatusIsOneOf("request information on", CaseStatus.InReview);
        Status = CaseStatus.InfoRequested;
        InfoRequest = new OperatorNote(reasonCode, note, by, now);
        Touch(now);
        _events.Add(new InfoRequested(InfoRequest));
    }

    public void Decide(bool approve, string reasonCode, string? note, string by, DateTimeOffset now)
    {
        EnsureStatusIsOneOf(approve ? "approve" : "reject", CaseStatus.InReview);
        Status = approve ? CaseStatus.Approved : CaseStatus.Rejected;
        Decision = new OperatorNote(reasonCode, note, by, now);
        Touch(now);
        _events.Add(approve ? new CaseApproved(Decision) : new CaseRejected(Decision));
    }

    private Party AppendParty(PartyDetails details)
    {
        EnsureRoomForAnotherParty();
        var party = new Party(Guid.CreateVersion7(), details);
        _parties.Add(party);
        _events.Add(new PartyAdded(party));
        return party;
    }

    private void EnsureRoomForAnotherParty()
    {
        if (_parties.Count >= MaxParties)
            throw new CodedException(OnboardingErrors.TooManyParties, $"A case can have at most {MaxParties} parties.");
    }

    private int IndexOfParty(Guid partyId)
    {
        var index = _parties.FindIndex(p => p.Id == partyId);
        return index >= 0 ? index : throw new CodedException(OnboardingErrors.PartyNotFound, "The case has no party with this id.");
    }

    private void EnsureEditable()
    {
        if (!IsEditable)
            throw new CodedException(OnboardingErrors.CaseNotEditable,
                $"A case can be changed only while it is {Wire.Name(CaseStatus.Draft)} or {Wire.Name(CaseStatus.InfoRequested)}; this one is {Wire.Name(Status)}.");
    }

    private void EnsureStatusIsOneOf(string action, params CaseStatus[] allowed)
    {
        if (!allowed.Contains(Status))
            throw new CodedException(OnboardingErrors.IllegalTransition,
                $"Cannot {action} a case that is {Wire.Name(Status)} (allowed from: {string.Join(", ", allowed.Select(Wire.Name))}).");
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }

    private static void EnsureOwnershipWithinLimits(IEnumerable<Party> parties)
    {
        var all = parties.ToList();
        var errors = new Dictionary<string, string[]>();
        var uboTotal = all.Where(p => p.HasRole(PartyRole.Ubo)).Sum(p => p.Details.OwnershipPercentage ?? 0);
        if (uboTotal > 100) errors["parties"] = [$"The ownership percentages of the beneficial owners add up to {uboTotal}, more than 100."];
        var shareholderTotal = all.Where(p => p.HasRole(PartyRole.Shareholder)).Sum(p => p.Details.OwnershipPercentage ?? 0);
        if (shareholderTotal > 100)
            errors["parties"] = [.. errors.GetValueOrDefault("parties", []), $"The shareholdings add up to {shareholderTotal}, more than 100."];
        if (errors.Count > 0) throw new CodedException(OnboardingErrors.OwnershipExceeded, "Ownership percentages exceed 100.", errors);
    }

    /// <summary>What a case must hold before it can be submitted, by the company's legal form.</summary>
    private void EnsureComplete()
    {
        var errors = new Dictionary<string, string[]>();
        var entityType = Company.EntityType;
        if (entityType.RequiresRegistration())
        {
            if (string.IsNullOrEmpty(Company.RegistrationNumber))
                errors["company.registration_number"] = [$"Required for a {Wire.Name(entityType)} before submission."];
            if (Company.IncorporationDate is null)
                errors["company.incorporation_date"] = [$"Required for a {Wire.Name(entityType)} before submission."];
        }
        if (entityType.RequiresTradingName() && string.IsNullOrEmpty(Company.TradingName))
            errors["company.trading_name"] = [$"Required for a {Wire.Name(entityType)} before submission."];
        var missing = new List<string>();
        if (entityType.RequiresDirector() && !_parties.Any(p => p.HasRole(PartyRole.Director)))
            missing.Add("at least one director");
        if (!_parties.Any(p => p.HasRole(PartyRole.Ubo)))
            missing.Add("at least one ultimate beneficial owner (ubo)");
        if (missing.Count > 0) errors["parties"] = [$"A case is submitted with {string.Join(" and ", missing)}."];
        if (errors.Count > 0) throw new CodedException(OnboardingErrors.CaseIncomplete, "The case is not complete enough to submit.", errors);
    }

    private static IEnumerable<string> ChangedCompanyFields(CompanyDetails before, CompanyDetails after)
    {
        if (before.LegalName != after.LegalName) yield return "company.legal_name";
        if (before.TradingName != after.TradingName) yield return "company.trading_name";
        if (before.RegistrationNumber != after.RegistrationNumber) yield return "company.registration_number";
        if (before.Jurisdiction != after.Jurisdiction) yield return "company.jurisdiction";
        if (before.EntityType != after.EntityType) yield return "company.entity_type";
        if (before.IncorporationDate != after.IncorporationDate) yield return "company.incorporation_date";
        if (before.RegisteredAddress != after.RegisteredAddress) yield return "company.registered_address";
        if (before.IndustryCode != after.IndustryCode) yield return "company.industry_code";
        if (before.Website != after.Website) yield return "company.website";
    }
}
