using Kyc.Persistence.Idempotency;
using Kyc.SharedKernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kyc.Commands.Http;

/// <summary>The <c>Idempotency-Key</c> every creating POST must send (400 without it, or when it is not 1–255 visible ASCII characters).</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    public static string Require(HttpContext http)
    {
        var key = http.Request.Headers[Name].ToString();
        if (key.Length == 0)
            throw new CodedException(CommonErrors.IdempotencyKeyRequired, "Send an Idempotency-Key header (for example a UUID) with every creating POST.");
        if (!IdempotencyKey.IsValidKey(key))
            throw new CodedException(CommonErrors.IdempotencyKeyInvalid, $"An Idempotency-Key is 1 to {IdempotencyKey.MaxLength} visible ASCII characters.");
        return key;
    }

    /// <summary>Checks the key before anything else of the request is read (its body, its route values).</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter((context, next) =>
        {
            Require(context.HttpContext);
            return next(context);
        });
}
