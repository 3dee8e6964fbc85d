using Kyc.Onboarding.Application.Cases;
using Kyc.Commands;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Application;

/// <summary>The date rules at their exact boundary, on a fixed clock (the API tests use dates far from "today").</summary>
public sealed class InputValidatorTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.Zero));

    static InputValidatorTests() => ValidationNames.Configure();

    [Theory]
    [InlineData("2025-06-30", true)] // today (UTC)
    [InlineData("2025-07-01", false)] // tomorrow
    [InlineData("1900-01-01", true)]
    [InlineData("1899-12-31", false)]
    [InlineData("30.06.1980", false)]
    [InlineData("1980-02-30", false)]
    public void A_date_of_birth_is_a_real_date_not_in_the_future(string dateOfBirth, bool valid)
    {
        var party = new PartyInput("natural_person", ["ubo"], 10, "Анна Петрова", dateOfBirth, "DE", "DE", null, null, null, null);

        var result = new PartyInputValidator(Clock).Validate(party);

        Assert.Equal(valid, result.IsValid);
        if (!valid) Assert.Equal("date_of_birth", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData("2025-06-30", true)]
    [InlineData("2025-07-01", false)]
    [InlineData("1600-01-01", true)]
    [InlineData("1599-12-31", false)]
    public void An_incorporation_date_is_not_in_the_future(string incorporationDate, bool valid)
    {
        var company = new CompanyInput("Müller & Söhne GmbH", null, "HRB 123456", "DE", "private_limited_company", incorporationDate,
            new AddressInput("Hauptstraße 5", null, "München", null, "80331", "DE"), null, null);

        var result = new CompanyInputValidator(Clock).Validate(company);

        Assert.Equal(valid, result.IsValid);
        if (!valid) Assert.Equal("incorporation_date", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Nested_fields_are_named_by_their_snake_case_path()
    {
        var company = new CompanyInput("Müller & Söhne GmbH", null, null, "DE", "private_limited_company", null,
            new AddressInput("Hauptstraße 5", null, "München", null, "80331", "de"), null, null);
        var party = new PartyInput("natural_person", ["ubo", "chairman"], 10, "Анна Петрова", "1980-05-17", "DE", "DE",
            new IdentityDocumentInput("passport", "C01X00T47", "XX", null), null, null, null);

        Assert.Equal("registered_address.country", Assert.Single(new CompanyInputValidator(Clock).Validate(company).Errors).PropertyName);
        Assert.Equal(["roles[1]", "identity_document.issuing_country"],
            new PartyInputValidator(Clock).Validate(party).Errors.Select(e => e.PropertyName));
    }
}
