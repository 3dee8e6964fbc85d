using System.Text.Json;
using FluentValidation;

namespace Kyc.Onboarding.Application.Common;

/// <summary>Validation errors name fields the way partners wrote them: <c>company.registered_address.postal_code</c>, <c>parties[1].date_of_birth</c>.</summary>
public static class SnakeCaseNames
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        // One message per field: the first rule that fails says what is wrong.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }
}
