using System.Globalization;

namespace Kyc.Onboarding.Application.Common;

/// <summary>Dates arrive as ISO 8601 calendar dates (<c>yyyy-MM-dd</c>) so that a bad one is a field error, not a parse failure.</summary>
public static class DateRules
{
    public static bool TryParse(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateOnly? ParseOptional(string? value) => value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsPastDate(string? value, DateOnly earliest, TimeProvider clock) =>
        TryParse(value, out var date) && date >= earliest && date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
