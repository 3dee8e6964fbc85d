using System.Text.Json;
using Kyc.Onboarding.Application.Ports;
using IdempotencyKey = Kyc.Persistence.Idempotency.IdempotencyKey;
using IdempotencyRequestHash = Kyc.Persistence.Idempotency.IdempotencyRequestHash;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kyc.Onboarding.Api.Http;

/// <summary>A response to send and, for an Idempotency-Key, to store.</summary>
public sealed record CreatedResponse(object Body, string Location, string ETag);

/// <summary>
/// A creating POST under an Idempotency-Key: the key is claimed, the change made and the response stored in one transaction
/// of the target region's database. A repeat with the same key and body gets the first response again (with
/// <c>Idempotent-Replayed: true</c>); the same key with another body is refused.
/// </summary>
public static class IdempotentPost
{
    public const string KeyHeader = "Idempotency-Key";

    public static string RequireKey(HttpContext http)
    {
        var key = http.Request.Headers[KeyHeader].ToString();
        if (key.Length == 0)
            throw new ApiProblemException("idempotency_key_required", "Send an Idempotency-Key header (for example a UUID) with every creating POST.");
        if (!IdempotencyKey.IsValidKey(key))
            throw new ApiProblemException("idempotency_key_invalid", $"An Idempotency-Key is 1 to {IdempotencyKey.MaxLength} visible ASCII characters.");
        return key;
    }

    public static async Task<IResult> RunAsync(HttpContext http, string partnerId, string key, byte[] rawBody, string region,
        Func<IOnboardingUnitOfWork, Task<CreatedResponse>> execute)
    {
        var ct = http.RequestAborted;
        var hash = IdempotencyRequestHash.Compute(http.Request.Method, http.Request.Path, rawBody);
        var factory = http.RequestServices.GetRequiredService<IOnboardingUnitOfWorkFactory>();
        await using var uow = await factory.BeginAsync(region, ct);
        // Looked up in the other regions while this region claims the key: two databases, no added latency.
        var heldElsewhere = factory.IsKeyHeldElsewhereAsync(partnerId, key, region, ct);
        var claiming = uow.ClaimIdempotencyKeyAsync(partnerId, key, hash, ct);
        await Task.WhenAll(heldElsewhere, claiming);
        if (heldElsewhere.Result) throw KeyReused();
        switch (claiming.Result)
        {
            case IdempotencyClaim.Replay replay:
                return new StoredResult(replay.Response, replayed: true);
            case IdempotencyClaim.Mismatch:
                throw KeyReused();
        }
        var created = await execute(uow);
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = new StoredResponse(StatusCodes.Status201Created, "application/json",
            new Dictionary<string, string> { ["Location"] = created.Location, ["ETag"] = created.ETag },
            JsonSerializer.SerializeToUtf8Bytes(created.Body, created.Body.GetType(), options));
        await uow.SaveIdempotentResponseAsync(partnerId, key, response, ct);
        await uow.CommitAsync(ct);
        return new StoredResult(response, replayed: false);
    }

    private static ApiProblemException KeyReused() =>
        new("idempotency_key_reused", "This Idempotency-Key was used with a different request. Use a new key for a new request.");

    private sealed class StoredResult(StoredResponse response, bool replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.Status;
            http.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers) http.Response.Headers[name] = value;
            if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            return http.Response.Body.WriteAsync(response.Body).AsTask();
        }
    }
}
