namespace Kyc.Onboarding.Domain.Cases;

public sealed record Address(string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);
