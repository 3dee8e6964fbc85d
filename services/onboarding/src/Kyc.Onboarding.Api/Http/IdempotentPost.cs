using System.Runtime.ExceptionServices;
using System.Text.Json;
using Kyc.Onboarding.Application.Common;
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
/// A creating POST under an Idempotency-Key: the change is made, and the key claimed with its response at commit, in one
/// transaction of the target region's database (one round trip for the writes). A repeat with the same key and body gets
/// the first response again (with <c>Idempotent-Replayed: true</c>); the same key with another body is refused.
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
        var request = new KeyedRequest(http, partnerId, key, IdempotencyRequestHash.Compute(http.Request.Method, http.Request.Path, rawBody), region);
        var factory = http.RequestServices.GetRequiredService<IOnboardingUnitOfWorkFactory>();
        // Before this region's transaction begins: a request never holds one region's connection while it waits for
        // another's, so two regions' pools cannot starve each other.
        if (await factory.IsKeyHeldElsewhereAsync(partnerId, key, region, http.RequestAborted)) throw KeyReused();
        for (var attempt = 1; ; attempt++)
        {
            var (result, refusal) = await ClaimingAtCommitAsync(factory, request, execute);
            if (result is not null) return result;
            // The key exists, or the change was refused: a repeat of a request that succeeded before gets its first
            // answer (not the refusal the case's state may now give), another request under the key is refused.
            var earlier = await factory.FindIdempotentAnswerAsync(region, partnerId, key, request.Hash, http.RequestAborted);
            if (earlier is not null) return Answer(earlier);
            if (refusal is not null) ExceptionDispatchInfo.Throw(refusal);
            // The key has expired but was not purged yet: forget it, then run as a new request. Twice in a row only when
            // another copy of this request took the key in between, which the next attempt then replays.
            if (attempt == 3) throw new InvalidOperationException($"The Idempotency-Key stayed taken without an answer after {attempt} attempts.");
            await factory.ForgetExpiredIdempotencyKeyAsync(region, partnerId, key, http.RequestAborted);
        }
    }

    /// <summary>
    /// The change, its events and the key with its response commit in one batch; the key is claimed at commit, so the
    /// request never holds it while it waits for its case. Gives the change's refusal instead of a result when the change
    /// was refused, and neither when the key exists (nothing was stored).
    /// </summary>
    private static async Task<(IResult? Result, UseCaseException? Refusal)> ClaimingAtCommitAsync(IOnboardingUnitOfWorkFactory factory,
        KeyedRequest request, Func<IOnboardingUnitOfWork, Task<CreatedResponse>> execute)
    {
        await using var uow = await factory.BeginAsync(request.Region, request.Aborted);
        CreatedResponse created;
        try
        {
            created = await execute(uow);
        }
        catch (UseCaseException refusal)
        {
            return (null, refusal);
        }
        var response = request.Store(created);
        uow.ClaimIdempotencyKeyAtCommit(request.PartnerId, request.Key, request.Hash, response);
        try
        {
            await uow.CommitAsync(request.Aborted);
        }
        catch (IdempotencyKeyTakenException)
        {
            return (null, null);
        }
        return (new StoredResult(response, replayed: false), null);
    }

    /// <summary>A key used before: its first response again, or 422 when it was used for another request.</summary>
    private static IResult Answer(IdempotencyClaim earlier) => earlier is IdempotencyClaim.Replay replay
        ? new StoredResult(replay.Response, replayed: true)
        : throw KeyReused();

    private sealed record KeyedRequest(HttpContext Http, string PartnerId, string Key, string Hash, string Region)
    {
        public CancellationToken Aborted => Http.RequestAborted;

        public StoredResponse Store(CreatedResponse created)
        {
            var options = Http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return new StoredResponse(StatusCodes.Status201Created, "application/json",
                new Dictionary<string, string> { ["Location"] = created.Location, ["ETag"] = created.ETag },
                JsonSerializer.SerializeToUtf8Bytes(created.Body, created.Body.GetType(), options));
        }
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
