using System.Diagnostics;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.DeadLetters;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// What happens to the messages of one consumer group, independent of polling and offsets:
/// <list type="bullet">
/// <item>A message: parsed as a CloudEvent (a malformed one is dead-lettered at once), then one transaction on the group's
/// database records its id in <c>inbox</c> and runs the handler; a duplicate id skips the handler. A failed attempt is
/// rolled back and retried after an exponential backoff with jitter; after <see cref="KafkaConsumerOptions.MaxAttempts"/>,
/// or at once for <see cref="PermanentEventFailureException"/>, the original message goes to the dead-letter topic.</item>
/// <item>A batch (an <see cref="IIdempotentBatchEventHandler"/>): every id into <c>inbox</c> with one statement, the new
/// events to the handler together, one commit. Any failure other than an unreachable database falls back to one by one.</item>
/// <item>An unreachable database (or dead-letter topic) is never the message's fault: the consumer pauses without
/// spending attempts (<see cref="OutcomeKind.Stalled"/>).</item>
/// </list>
/// </summary>
internal sealed class MessageProcessor<THandler>(
    KafkaConsumerOptions options,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    KafkaProducer producer,
    KafkaMessagingMetrics metrics,
    ILogger logger,
    TimeProvider time,
    CancellationToken abort)
    where THandler : class, IIdempotentEventHandler
{
    private static readonly TimeSpan MinimumStallDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _group = options.GroupId;
    private readonly string _deadLetterTopic = options.EffectiveDeadLetterTopic;
    private int _consecutiveStalls;

    /// <summary>One message in its own transaction, with its retries and dead-lettering.</summary>
    public async Task<Outcome> ProcessOneAsync(ConsumeResult<byte[]?, byte[]?> result, CancellationToken stopping)
    {
        var topicTags = KafkaMessagingMetrics.Tags(result.Topic, _group);
        metrics.Consumed.Add(1, topicTags);
        using var activity = MessagingTelemetry.StartProcess(result, _group);
        CloudEvent e;
        Guid eventId;
        try
        {
            e = Parse(result, out eventId);
        }
        catch (CloudEventFormatException ex)
        {
            return await DeadLetterAsync(result, DeadLetterReasons.Malformed, ex, attempts: 0, activity).ConfigureAwait(false);
        }
        activity?.SetTag("kyc.partner_id", e.PartnerId);

        for (var attempt = 1; ; attempt++)
        {
            KafkaMessageContext.Current = ContextOf(result, attempt); // flows into the handler; restored when this method returns
            var started = Stopwatch.GetTimestamp();
            var run = await AttemptAsync(ct => RunTransactionAsync(e, eventId, ct), "the handler").ConfigureAwait(false);
            var outcomeTag = run.Failure is null ? (run.Value ? "handled" : "duplicate") : "failed";
            if (!run.Aborted)
                metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, KafkaMessagingMetrics.Tags(result.Topic, _group, "outcome", outcomeTag));
            if (run.Aborted)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "aborted by shutdown");
                return Outcome.Abandoned;
            }
            if (run.Failure is null)
            {
                Count(result, e.Id, run.Value, activity);
                return Outcome.Done;
            }
            if (Unavailable(result, run) is { } pause) return pause;
            if (run.Failure is PermanentEventFailureException)
                return await DeadLetterAsync(result, DeadLetterReasons.Permanent, run.Failure, attempt, activity).ConfigureAwait(false);
            if (attempt >= options.MaxAttempts)
                return await DeadLetterAsync(result, DeadLetterReasons.RetriesExhausted, run.Failure, attempt, activity).ConfigureAwait(false);
            if (!await BackOffAsync(result, e.Id, run.Failure, attempt, stopping).ConfigureAwait(false)) return Outcome.Abandoned;
        }
    }

    /// <summary>The batch in one transaction; <see cref="OutcomeKind.FallBack"/> when it must be processed one by one.</summary>
    public async Task<Outcome> ProcessBatchAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var events = new ConsumedEvent[batch.Count];
        var ids = new Guid[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                events[i] = new ConsumedEvent(Parse(batch[i], out ids[i]), ContextOf(batch[i], attempt: 1));
            }
            catch (CloudEventFormatException)
            {
                // Dead-lettered at once, in its place, by the one-by-one path; the messages before it are handled first.
                MessagingLog.BatchHoldsMalformed(logger, _group, batch.Count, batch[0].Topic, batch[0].Partition.Value, batch[0].Offset.Value);
                return Outcome.FallBack;
            }
        }

        var activities = new Activity?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            metrics.Consumed.Add(1, KafkaMessagingMetrics.Tags(batch[i].Topic, _group));
            activities[i] = MessagingTelemetry.StartProcessInBatch(batch[i], _group, batch.Count);
            activities[i]?.SetTag("kyc.partner_id", events[i].Event.PartnerId);
        }
        var started = Stopwatch.GetTimestamp();
        var run = await AttemptAsync(ct => RunBatchTransactionAsync(events, ids, ct), "the batch").ConfigureAwait(false);
        var (outcome, failedStatus) = BatchOutcome(batch, run);
        if (!run.Aborted)
            metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                KafkaMessagingMetrics.GroupTags(_group, "outcome", run.Failure is null ? "committed" : "failed"));
        if (run.Failure is null && !run.Aborted)
        {
            metrics.BatchSize.Record(batch.Count, KafkaMessagingMetrics.GroupTags(_group));
            for (var i = 0; i < batch.Count; i++) Count(batch[i], events[i].Event.Id, run.Value![i], activities[i]);
        }
        foreach (var activity in activities)
        {
            if (failedStatus is not null) activity?.SetStatus(ActivityStatusCode.Error, failedStatus);
            MessagingTelemetry.StopQuietly(activity);
        }
        return outcome;
    }

    private (Outcome Outcome, string? FailedStatus) BatchOutcome(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, Attempt<bool[]> run)
    {
        if (run.Aborted) return (Outcome.Abandoned, "aborted by shutdown");
        if (run.Failure is null) return (Outcome.Done, null);
        if (Unavailable(batch[0], run) is { } pause) return (pause, "paused: the database is unavailable");
        MessagingLog.BatchFailed(logger, run.Failure, _group, batch.Count, batch[0].Topic, batch[0].Partition.Value, batch[0].Offset.Value);
        return (Outcome.FallBack, "batch failed: processed again one by one");
    }

    /// <summary>A committed message or batch resets the pause backoff.</summary>
    public void Progressed() => _consecutiveStalls = 0;

    /// <summary>
    /// One attempt with its own deadline (<see cref="KafkaConsumerOptions.HandlerTimeout"/>): a timeout becomes a
    /// <see cref="TimeoutException"/>; the host's shutdown timeout running out marks it aborted.
    /// </summary>
    private async Task<Attempt<T>> AttemptAsync<T>(Func<CancellationToken, Task<T>> run, string what)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(abort);
        attemptCts.CancelAfter(options.HandlerTimeout);
        try
        {
            return new Attempt<T>(await run(attemptCts.Token).ConfigureAwait(false), null, TimedOut: false, Aborted: false);
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            return new Attempt<T>(default, null, TimedOut: false, Aborted: true); // rolled back; the message stays uncommitted
        }
        catch (Exception ex) when (attemptCts.IsCancellationRequested)
        {
            var timeout = new TimeoutException($"{what} did not finish within {options.HandlerTimeout.TotalSeconds:0.###} s", ex);
            return new Attempt<T>(default, timeout, TimedOut: true, Aborted: false);
        }
        catch (Exception ex)
        {
            return new Attempt<T>(default, ex, TimedOut: false, Aborted: false);
        }
    }

    /// <summary>A pause when the failure is the database's (or the inbox's), not the message's; null otherwise.</summary>
    private Outcome? Unavailable<T>(ConsumeResult<byte[]?, byte[]?> result, Attempt<T> run)
    {
        if (run.Failure is InboxUnavailableException)
            return Stall(result, run.Failure, $"the inbox transaction could not be started: {run.Failure.Message}");
        if (!run.TimedOut && DatabaseFailures.IsUnavailable(run.Failure!))
            return Stall(result, run.Failure!, "the consumer group's database is unavailable");
        return null;
    }

    private async Task<bool> BackOffAsync(ConsumeResult<byte[]?, byte[]?> result, string eventId, Exception failure, int attempt, CancellationToken stopping)
    {
        var delay = RetryBackoff.Delay(attempt, options.RetryBaseDelay, options.RetryMaxDelay);
        metrics.Retries.Add(1, KafkaMessagingMetrics.Tags(result.Topic, _group));
        MessagingLog.Retrying(logger, failure, eventId, result.Topic, result.Partition.Value, result.Offset.Value, _group,
            attempt, options.MaxAttempts, (long)delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return !stopping.IsCancellationRequested;
    }

    private void Count(ConsumeResult<byte[]?, byte[]?> result, string eventId, bool handled, Activity? activity)
    {
        var topicTags = KafkaMessagingMetrics.Tags(result.Topic, _group);
        if (handled)
        {
            metrics.Handled.Add(1, topicTags);
            return;
        }
        metrics.Duplicates.Add(1, topicTags);
        activity?.SetTag("kyc.duplicate", true);
        MessagingLog.Duplicate(logger, eventId, result.Topic, result.Partition.Value, result.Offset.Value, _group);
    }

    /// <summary>The message as a platform CloudEvent with a UUID id; <see cref="CloudEventFormatException"/> when it is not one.</summary>
    private static CloudEvent Parse(ConsumeResult<byte[]?, byte[]?> result, out Guid eventId)
    {
        var e = KafkaCloudEventBinding.FromHeaders(result.Message.Headers, result.Message.Value);
        if (!Guid.TryParse(e.Id, out eventId)) throw new CloudEventFormatException($"{KafkaCloudEventBinding.IdHeader} '{e.Id}' is not a UUID");
        return e;
    }

    private KafkaMessageContext ContextOf(ConsumeResult<byte[]?, byte[]?> result, int attempt)
    {
        DateTimeOffset? timestamp = result.Message.Timestamp.Type == TimestampType.NotAvailable
            ? null
            : new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero);
        return new KafkaMessageContext(_group, result.Topic, result.Partition.Value, result.Offset.Value, timestamp, attempt);
    }

    /// <summary>Inbox row and handler in one transaction; false when the inbox already had the event.</summary>
    private async Task<bool> RunTransactionAsync(CloudEvent e, Guid eventId, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        await using (transaction.ConfigureAwait(false))
        {
            var recorded = await InboxStepAsync(
                () => Inbox.TryRecordAsync(connection, transaction, _group, eventId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (recorded)
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var handler = scope.ServiceProvider.GetRequiredService<THandler>();
                    await handler.HandleAsync(e, connection, transaction, cancellationToken).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return recorded;
        }
    }

    /// <summary>
    /// Every id into the inbox with one statement, the new events (the first copy of each id, in the order read) to the
    /// handler, one commit. Returns, per message, whether it was handled (false: a duplicate).
    /// </summary>
    private async Task<bool[]> RunBatchTransactionAsync(ConsumedEvent[] events, Guid[] ids, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        await using (transaction.ConfigureAwait(false))
        {
            var recorded = await InboxStepAsync(
                () => Inbox.RecordNewAsync(connection, transaction, _group, ids, cancellationToken), cancellationToken).ConfigureAwait(false);
            var handled = new bool[events.Length];
            var fresh = new List<ConsumedEvent>(recorded.Count);
            for (var i = 0; i < events.Length; i++)
            {
                if (!recorded.Remove(ids[i])) continue;
                handled[i] = true;
                fresh.Add(events[i]);
            }
            if (fresh.Count > 0)
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var handler = (IIdempotentBatchEventHandler)scope.ServiceProvider.GetRequiredService<THandler>();
                    await handler.HandleBatchAsync(fresh, connection, transaction, cancellationToken).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return handled;
        }
    }

    private async Task<(NpgsqlConnection, NpgsqlTransaction)> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await InboxStepAsync(() => dataSource.OpenConnectionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await InboxStepAsync(() => connection.BeginTransactionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs a step that does not depend on the message (connection, transaction, inbox row): when it fails, the database
    /// or its schema is at fault, never the message, so the failure must not dead-letter it.
    /// </summary>
    private static async Task<T> InboxStepAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InboxUnavailableException(ex);
        }
    }

    private async Task<Outcome> DeadLetterAsync(
        ConsumeResult<byte[]?, byte[]?> result, string reason, Exception error, int attempts, Activity? activity)
    {
        var message = DeadLetter.Create(result, _group, reason, error, attempts, time.GetUtcNow());
        try
        {
            await producer.ProduceRawAsync(_deadLetterTopic, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KafkaProduceException ex)
        {
            return Stall(result, ex, $"the dead-letter topic {_deadLetterTopic} did not acknowledge: {ex.Result.Error}");
        }
        catch (ObjectDisposedException)
        {
            return Outcome.Abandoned; // the application is shutting down
        }
        metrics.DeadLettered.Add(1, KafkaMessagingMetrics.Tags(result.Topic, _group, "reason", reason));
        var eventId = KafkaCloudEventBinding.TryGetHeader(result.Message.Headers, KafkaCloudEventBinding.IdHeader);
        MessagingLog.DeadLettered(logger, error, eventId, result.Topic, result.Partition.Value, result.Offset.Value, _group,
            _deadLetterTopic, reason, attempts);
        activity?.SetStatus(ActivityStatusCode.Error, $"dead-lettered: {reason}");
        activity?.SetTag("kyc.dead_letter_topic", _deadLetterTopic);
        return Outcome.DeadLettered;
    }

    private Outcome Stall(ConsumeResult<byte[]?, byte[]?> result, Exception failure, string reason)
    {
        _consecutiveStalls++;
        var baseDelay = options.RetryBaseDelay > MinimumStallDelay ? options.RetryBaseDelay : MinimumStallDelay;
        var delay = RetryBackoff.Delay(_consecutiveStalls, baseDelay, options.UnavailableMaxDelay > baseDelay ? options.UnavailableMaxDelay : baseDelay);
        metrics.Stalls.Add(1, KafkaMessagingMetrics.Tags(result.Topic, _group));
        MessagingLog.Stalled(logger, failure, _group, result.Topic, result.Partition.Value, result.Offset.Value, (long)delay.TotalMilliseconds, reason);
        return new Outcome(OutcomeKind.Stalled, delay);
    }

    private readonly record struct Attempt<T>(T? Value, Exception? Failure, bool TimedOut, bool Aborted);

    private sealed class InboxUnavailableException(Exception inner) : Exception(inner.Message, inner);
}
