using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>Cases built directly on the domain model, for unit tests without servers.</summary>
public static class DomainCases
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static CompanyDetails Company(EntityType entityType = EntityType.PrivateLimitedCompany, string? registrationNumber = "HRB 123456",
        DateOnly? incorporationDate = null, string? tradingName = null, string legalName = "Müller & Söhne GmbH") =>
        new(legalName, tradingName, registrationNumber, "DE", entityType, incorporationDate ?? new DateOnly(2015, 3, 1),
            new Address("Hauptstraße 5", null, "München", "Bayern", "80331", "DE"), "62.01", null);

    public static CompanyDetails UnregisteredCompany(EntityType entityType) =>
        new("Anna Petrova Handel", "Petrova Handel", null, "DE", entityType, null,
            new Address("Hauptstraße 5", null, "München", null, "80331", "DE"), null, null);

    public static PartyDetails Person(string name, decimal? ownership, params PartyRole[] roles) =>
        new(PartyType.NaturalPerson, roles, ownership, new NaturalPerson(name, new DateOnly(1980, 5, 17), "DE", "DE", null), null);

    public static PartyDetails Director(string name = "Zoë Ångström-Núñez") => Person(name, null, PartyRole.Director);

    public static PartyDetails Ubo(decimal ownership, string name = "Анна Петрова") => Person(name, ownership, PartyRole.Ubo);

    public static PartyDetails Shareholder(decimal ownership, string name = "Nordholz Beteiligungen GmbH") =>
        new(PartyType.Corporate, [PartyRole.Shareholder], ownership, null, new CorporateEntity(name, "HRB 98765", "DE"));

    public static OnboardingCase Open(CompanyDetails? company = null, params PartyDetails[] parties) =>
        OnboardingCase.Open(CaseId.New("eu"), "partner-a", company ?? Company(), "ref-1", parties, T0);

    /// <summary>A draft with a director and a beneficial owner: complete enough to submit.</summary>
    public static OnboardingCase CompleteDraft() => Open(null, Director(), Ubo(60));

    /// <summary>A complete case restored in <paramref name="status"/> at version 5, with no pending events.</summary>
    public static OnboardingCase InStatus(CaseStatus status) =>
        OnboardingCase.Restore(CaseId.New("eu"), "partner-a", Company(), "ref-1", status,
            [new Party(Guid.CreateVersion7(), Director()), new Party(Guid.CreateVersion7(), Ubo(60))],
            5, T0, T0, status is CaseStatus.Draft ? null : T0, null, null);
}

/// <summary>A clock that says it is always <see cref="Now"/>.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
