using System.Security.Claims;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Auth;

/// <summary>The tenant of the current request. Resolve <see cref="ITenant"/> from DI, or take this as a handler parameter.</summary>
public interface ITenant
{
    /// <summary>The <c>partner_id</c> claim; a request without one is answered 403 <c>partner_required</c>.</summary>
    string PartnerId { get; }
}

/// <summary>
/// The partner a request acts for, as a minimal API parameter: <c>(PartnerContext partner) =&gt; ...</c>.
/// Binding it on a request whose token has no <c>partner_id</c> answers 403 <c>partner_required</c>.
/// </summary>
public sealed class PartnerContext : ITenant
{
    public PartnerContext(string partnerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        PartnerId = partnerId;
    }

    public string PartnerId { get; }

    public static PartnerContext? FromUser(ClaimsPrincipal user) =>
        user.FindFirst(KycClaims.PartnerId)?.Value is { } id && !string.IsNullOrWhiteSpace(id) ? new PartnerContext(id) : null;

    public static PartnerContext Require(HttpContext context) =>
        FromUser(context.User) ?? throw new CodedException(BaseErrors.PartnerRequired, "The access token names no partner.");

    public static ValueTask<PartnerContext?> BindAsync(HttpContext context) => ValueTask.FromResult<PartnerContext?>(Require(context));

    public override string ToString() => PartnerId;
}

/// <summary><see cref="ITenant"/> for services deeper than the endpoint, read from the current request's user.</summary>
internal sealed class HttpTenant(IHttpContextAccessor accessor) : ITenant
{
    private string? _partnerId;

    public string PartnerId => _partnerId ??= PartnerContext.Require(
        accessor.HttpContext ?? throw new InvalidOperationException("ITenant is only available while handling a request")).PartnerId;
}
