using System.Runtime.ExceptionServices;
using System.Text.Json;
using FluentValidation;
using Kyc.Contracts;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Outbox;
using Kyc.Persistence.Transactions;
using Kyc.SharedKernel;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kyc.Commands;

/// <summary>
/// Runs every state-changing use case of a service, each step once, in this order:
/// <list type="number">
/// <item>validate the command (its FluentValidation validator; every message at once);</item>
/// <item>ask the handler for the command's partition (data region);</item>
/// <item>a creating request: refuse an Idempotency-Key another partition holds (a key names one request);</item>
/// <item>open the unit of work: one transaction in that partition's database;</item>
/// <item>run the handler with the service's session over it;</item>
/// <item>stage the write of every aggregate the session tracked, and their integration events in the outbox;</item>
/// <item>the answer (with the aggregate's ETag), and for a creating request the key claimed with it at commit;</item>
/// <item>commit: every staged write and the COMMIT in one round trip; wake the outbox relay.</item>
/// </list>
/// A creating request whose key is taken answers as the key's first request did (or 422 for another request); a repeat of
/// a request that succeeded gets that answer even when the case's state would now refuse it.
/// </summary>
public sealed partial class CommandPipeline(
    IServiceProvider services, CommandDatabases databases, IdempotencyStore keys, IOptions<JsonOptions> json, ILogger<CommandPipeline> logger)
{
    /// <summary>How long another partition may take to say whether it holds a key before it is passed over.</summary>
    private static readonly TimeSpan OtherPartitionBudget = TimeSpan.FromSeconds(2);

    public async Task<CommandOutcome> RunAsync<TCommand, TSession, TResult>(ICommandHandler<TCommand, TSession, TResult> handler,
        TCommand command, Func<TResult, Answer> answer, CommandRequest request, CancellationToken ct)
    {
        await ValidateAsync(command, ct);
        var partition = handler.PartitionOf(command);
        if (request.Idempotency is not { } keyed)
            return (await AttemptAsync(handler, command, answer, request, partition, ct)).Outcome!;

        // Before this partition's transaction begins: a request never holds one database's connection while it waits for
        // another's, so two partitions' pools cannot starve each other.
        if (await KeyHeldElsewhereAsync(keyed, partition, ct)) throw KeyReused();
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, refusal) = await AttemptAsync(handler, command, answer, request, partition, ct);
            if (outcome is not null) return outcome;
            // The key exists, or the change was refused: a repeat of a request that succeeded before gets its first answer.
            var database = databases.For(partition);
            switch (await IdempotencyStore.FindAnswerAsync(database, keyed.Scope, keyed.Key, keyed.RequestHash, ct))
            {
                case IdempotencyOutcome.Replay replay: return new CommandOutcome(null, replay.Response, Replayed: true);
                case IdempotencyOutcome.Mismatch: throw KeyReused();
            }
            if (refusal is not null) ExceptionDispatchInfo.Throw(refusal);
            // The key has expired but was not purged yet: forget it and run again. Twice in a row only when another copy of
            // this request took the key in between, which the next attempt then replays.
            if (attempt == 3) throw new InvalidOperationException($"The Idempotency-Key stayed taken without an answer after {attempt} attempts.");
            await IdempotencyStore.ForgetIfExpiredAsync(database, keyed.Scope, keyed.Key, ct);
        }
    }

    /// <summary>A read: validated like a command, then answered by its handler.</summary>
    public async Task<TResult> QueryAsync<TQuery, TResult>(IQueryHandler<TQuery, TResult> handler, TQuery query, CancellationToken ct)
    {
        await ValidateAsync(query, ct);
        return await handler.HandleAsync(query, ct);
    }

    /// <summary>
    /// One transaction. For a creating request, gives the handler's refusal instead of an outcome, and neither when the key
    /// was taken at commit (nothing was stored).
    /// </summary>
    private async Task<(CommandOutcome? Outcome, CodedException? Refusal)> AttemptAsync<TCommand, TSession, TResult>(
        ICommandHandler<TCommand, TSession, TResult> handler, TCommand command, Func<TResult, Answer> answer, CommandRequest request,
        string? partition, CancellationToken ct)
    {
        await using var work = await UnitOfWork.BeginAsync(databases.For(partition), partition, ct);
        TResult result;
        try
        {
            result = await handler.HandleAsync(command, services.GetRequiredService<ISessionFactory<TSession>>().Open(work), ct);
        }
        catch (CodedException refusal) when (request.Idempotency is not null)
        {
            return (null, refusal);
        }
        var appendedEvents = StageChanges(work, request.CorrelationId);
        var reply = WithETag(answer(result), work);
        StoredResponse? stored = null;
        if (request.Idempotency is { } keyed)
        {
            stored = Store(reply);
            work.StageFirst(keys.ClaimCompletedCommand(keyed.Scope, keyed.Key, keyed.RequestHash, stored));
        }
        try
        {
            await work.CommitAsync(ct);
        }
        catch (IdempotencyKeyTakenException) when (request.Idempotency is not null)
        {
            return (null, null);
        }
        if (appendedEvents) databases.SignalOutbox(partition);
        return (new CommandOutcome(reply, stored, Replayed: false), null);
    }

    private async Task ValidateAsync<T>(T message, CancellationToken ct)
    {
        if (services.GetService<IValidator<T>>() is not { } validator) return;
        var result = await validator.ValidateAsync(message, ct);
        if (result.IsValid) return;
        var errors = new FieldErrors();
        foreach (var failure in result.Errors) errors.Add(failure.PropertyName, failure.ErrorMessage);
        errors.ThrowIfAny();
    }

    /// <summary>The write of each tracked aggregate that changed, then one outbox insert with all their events; whether any.</summary>
    private bool StageChanges(UnitOfWork work, string? correlationId)
    {
        var events = services.GetService<IIntegrationEvents>();
        var messages = new List<OutboxMessage>();
        foreach (var tracked in work.Tracked)
        {
            if (tracked.Save() is not { } write) continue;
            work.Stage(write, tracked.Check);
            if (events is null) continue;
            foreach (var e in events.Of(tracked.Aggregate)) messages.Add(ToOutbox(e, correlationId));
        }
        if (messages.Count == 0) return false;
        work.Stage(OutboxWriter.AppendCommand(messages));
        return true;
    }

    private static OutboxMessage ToOutbox(IntegrationEvent e, string? correlationId)
    {
        var contract = EventRegistry.For(e.Data.GetType());
        return OutboxMessage.Create(contract.Topic, contract.CloudEventType, "/" + contract.Producer, e.Subject, e.PartnerId, e.OccurredAt,
            JsonSerializer.Serialize(e.Data, contract.DataType, ContractJson.Options), contract.DataSchema.ToString(), correlationId);
    }

    /// <summary>The ETag of the one versioned aggregate the command worked on, unless the answer names its own.</summary>
    private static Answer WithETag(Answer answer, UnitOfWork work) =>
        answer.ETag is null && work.Tracked.Count == 1 && work.Tracked[0].Aggregate is IVersioned versioned
            ? answer with { ETag = EntityTag.Of(versioned.Version) }
            : answer;

    private StoredResponse Store(Answer answer)
    {
        var headers = new Dictionary<string, string>();
        if (answer.Location is { } location) headers["Location"] = location;
        if (answer.ETag is { } etag) headers["ETag"] = etag;
        return answer.Body is null
            ? new StoredResponse(answer.Status, null, headers, ReadOnlyMemory<byte>.Empty)
            : new StoredResponse(answer.Status, "application/json", headers,
                JsonSerializer.SerializeToUtf8Bytes(answer.Body, answer.Body.GetType(), json.Value.SerializerOptions));
    }

    private async Task<bool> KeyHeldElsewhereAsync(IdempotentRequest keyed, string? partition, CancellationToken ct)
    {
        if (partition is null) return false;
        foreach (var (other, dataSource) in databases.ByPartition)
        {
            if (other == partition) continue;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(OtherPartitionBudget);
            try
            {
                if (await IdempotencyStore.IsHeldAsync(dataSource, keyed.Scope, keyed.Key, budget.Token)) return true;
            }
            // One partition's outage must not stop the others: its keys go unchecked until it is back.
            catch (Exception e) when (!ct.IsCancellationRequested && e is NpgsqlException { IsTransient: true } or OperationCanceledException)
            {
                LogOtherPartitionUnavailable(logger, e, other, partition);
            }
        }
        return false;
    }

    private static CodedException KeyReused() =>
        new(CommonErrors.IdempotencyKeyReused, "This Idempotency-Key was used with a different request. Use a new key for a new request.");

    [LoggerMessage(EventId = 4310, Level = LogLevel.Warning,
        Message = "Region {OtherRegion} did not answer whether it holds an Idempotency-Key; a request for region {Region} went ahead without that check")]
    private static partial void LogOtherPartitionUnavailable(ILogger logger, Exception exception, string otherRegion, string region);
}
