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
/// A creating POST under an Idempotency-Key: the key is claimed, the change made and the response stored in one transaction
/// of the target region's database (for a new key in one round trip, the key claimed at commit). A repeat with the same key and body gets the first response again (with
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
        var request = new KeyedRequest(http, partnerId, key, IdempotencyRequestHash.Compute(http.Request.Method, http.Request.Path, rawBody), region);
        var factory = http.RequestServices.GetRequiredService<IOnboardingUnitOfWorkFactory>();
        // Before this region's transaction begins: a request never holds one region's connection while it waits for
        // another's, so two regions' pools cannot starve each other.
        if (await factory.IsKeyHeldElsewhereAsync(partnerId, key, region, http.RequestAborted)) throw KeyReused();
        return await ClaimingAtCommitAsync(factory, request, execute) ?? await ClaimingFirstAsync(factory, request, execute);
    }

    /// <summary>
    /// The usual path, a new key: the change, its events and the key with its response commit in one batch. Null when
    /// the key exists, or when the change was refused (a repeat of a request that succeeded before gets its first
    /// answer, not a refusal the case's later state would give): <see cref="ClaimingFirstAsync"/> decides then.
    /// </summary>
    private static async Task<IResult?> ClaimingAtCommitAsync(IOnboardingUnitOfWorkFactory factory, KeyedRequest request,
        Func<IOnboardingUnitOfWork, Task<CreatedResponse>> execute)
    {
        await using var uow = await factory.BeginAsync(request.Region, request.Aborted);
        CreatedResponse created;
        try
        {
            created = await execute(uow);
        }
        catch (UseCaseException)
        {
            return null;
        }
        var response = request.Store(created);
        uow.ClaimIdempotencyKeyAtCommit(request.PartnerId, request.Key, request.Hash, response);
        try
        {
            await uow.CommitAsync(request.Aborted);
        }
        catch (IdempotencyKeyTakenException)
        {
            return null;
        }
        return new StoredResult(response, replayed: false);
    }

    /// <summary>
    /// The key exists or the change was refused: claim the key first, then replay, refuse, or (a new or expired key) run
    /// again. Known limit: this path holds the key while it locks the case, the claiming-at-commit path the other way
    /// round; two copies of one party addition, one refused and one not, running at the same moment can deadlock.
    /// PostgreSQL then aborts one of them after <c>deadlock_timeout</c> (1 s), which answers 500 and can be retried.
    /// </summary>
    private static async Task<IResult> ClaimingFirstAsync(IOnboardingUnitOfWorkFactory factory, KeyedRequest request,
        Func<IOnboardingUnitOfWork, Task<CreatedResponse>> execute)
    {
        await using var uow = await factory.BeginAsync(request.Region, request.Aborted);
        switch (await uow.ClaimIdempotencyKeyAsync(request.PartnerId, request.Key, request.Hash, request.Aborted))
        {
            case IdempotencyClaim.Replay replay:
                return new StoredResult(replay.Response, replayed: true);
            case IdempotencyClaim.Mismatch:
                throw KeyReused();
        }
        var response = request.Store(await execute(uow));
        await uow.SaveIdempotentResponseAsync(request.PartnerId, request.Key, response, request.Aborted);
        await uow.CommitAsync(request.Aborted);
        return new StoredResult(response, replayed: false);
    }

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
