using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain;
using Kyc.SharedKernel;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Domain;

/// <summary>What a case must hold to be submitted depends on the company's legal form.</summary>
public sealed class SubmissionRequirementTests
{
    [Fact]
    public void A_complete_company_case_is_submitted()
    {
        var @case = DomainCases.CompleteDraft();

        @case.Submit(DomainCases.T0);

        Assert.Equal(CaseStatus.Submitted, @case.Status);
    }

    [Theory]
    [InlineData(EntityType.PrivateLimitedCompany)]
    [InlineData(EntityType.PublicLimitedCompany)]
    [InlineData(EntityType.LimitedLiabilityPartnership)]
    [InlineData(EntityType.Foundation)]
    [InlineData(EntityType.Cooperative)]
    public void A_company_without_a_director_is_incomplete(EntityType entityType)
    {
        var @case = DomainCases.Open(DomainCases.Company(entityType), DomainCases.Ubo(100));

        var refused = Assert.Throws<CodedException>(() => @case.Submit(DomainCases.T0));

        Assert.Equal(OnboardingErrors.CaseIncomplete.Code, refused.Code);
        Assert.Contains("director", Assert.Single(refused.Errors["parties"]), StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Draft, @case.Status);
        Assert.Equal(1, @case.Version);
    }

    [Theory]
    [InlineData(EntityType.SoleProprietorship)]
    [InlineData(EntityType.Trust)]
    public void Sole_proprietorships_and_trusts_need_no_director(EntityType entityType)
    {
        var @case = DomainCases.Open(DomainCases.UnregisteredCompany(entityType), DomainCases.Ubo(100));

        @case.Submit(DomainCases.T0);

        Assert.Equal(CaseStatus.Submitted, @case.Status);
    }

    [Fact]
    public void A_case_without_a_beneficial_owner_is_incomplete()
    {
        var @case = DomainCases.Open(null, DomainCases.Director(), DomainCases.Shareholder(100));

        var refused = Assert.Throws<CodedException>(() => @case.Submit(DomainCases.T0));

        Assert.Equal(OnboardingErrors.CaseIncomplete.Code, refused.Code);
        Assert.Contains("ubo", Assert.Single(refused.Errors["parties"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_with_no_parties_names_both_missing_roles()
    {
        var refused = Assert.Throws<CodedException>(() => DomainCases.Open().Submit(DomainCases.T0));

        var message = Assert.Single(refused.Errors["parties"]);
        Assert.Contains("director", message, StringComparison.Ordinal);
        Assert.Contains("ubo", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_entity_needs_its_registration_number_and_incorporation_date()
    {
        var company = DomainCases.Company(registrationNumber: null) with { IncorporationDate = null };
        var @case = DomainCases.Open(company, DomainCases.Director(), DomainCases.Ubo(100));

        var refused = Assert.Throws<CodedException>(() => @case.Submit(DomainCases.T0));

        Assert.Equal(OnboardingErrors.CaseIncomplete.Code, refused.Code);
        Assert.Equal(["company.incorporation_date", "company.registration_number"], refused.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(EntityType.SoleProprietorship)]
    [InlineData(EntityType.GeneralPartnership)]
    [InlineData(EntityType.Trust)]
    public void Unregistered_entity_types_need_no_registration(EntityType entityType)
    {
        var @case = DomainCases.Open(DomainCases.UnregisteredCompany(entityType), DomainCases.Director(), DomainCases.Ubo(100));

        @case.Submit(DomainCases.T0);

        Assert.Equal(CaseStatus.Submitted, @case.Status);
    }

    [Fact]
    public void A_sole_proprietorship_needs_a_trading_name()
    {
        var company = DomainCases.UnregisteredCompany(EntityType.SoleProprietorship) with { TradingName = null };
        var @case = DomainCases.Open(company, DomainCases.Ubo(100));

        var refused = Assert.Throws<CodedException>(() => @case.Submit(DomainCases.T0));

        Assert.Equal(["company.trading_name"], refused.Errors.Keys);
    }
}
