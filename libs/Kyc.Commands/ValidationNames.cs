using System.Text.Json;
using FluentValidation;

namespace Kyc.Commands;

/// <summary>
/// Validation messages name fields the way partners wrote them (<c>company.registered_address.postal_code</c>,
/// <c>parties[1].date_of_birth</c>), and each rule says one thing: the first of its checks that fails.
/// </summary>
public static class ValidationNames
{
    public static void Configure()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }
}
