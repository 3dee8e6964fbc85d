using System.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Leadership;
using Kyc.OutboxRelay.Notifications;
using Kyc.OutboxRelay.Outbox;
using Kyc.OutboxRelay.Publishing;
using Kyc.OutboxRelay.Telemetry;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.OutboxRelay.Relay;

/// <summary>
/// The relay of one source: takes part in the source's leader election; while leading, listens for outbox
/// notifications, publishes batches in sequence order with a strict-ordering <see cref="KafkaProducer"/>, marks
/// acknowledged rows published on its lock session (so a leader that lost the lock cannot mark anything), and prunes old
/// published rows; at any time, refreshes the backlog gauges.
/// </summary>
public sealed partial class SourceRelay
{
    private readonly RelaySourceOptions _source;
    private readonly RelayOptions _options;
    private readonly OutboxTable _table;
    private readonly Func<KafkaProducer> _producerFactory;
    private readonly RelayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SourceLeadership _leadership;
    private volatile OutboxListener? _listener;

    public SourceRelay(
        RelaySourceOptions source, RelayOptions options, NpgsqlDataSource dataSource, Func<KafkaProducer> producerFactory,
        RelayMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options;
        _producerFactory = producerFactory;
        _metrics = metrics;
        _logger = logger;
        var tableName = OutboxTableName.Parse(source.Table);
        _table = new OutboxTable(dataSource, tableName);
        _leadership = new SourceLeadership(source.Name, source.ConnectionString, tableName, options.LeaderRetryInterval, options.LeaderCheckInterval, logger);
        metrics.Register(source.Name);
    }

    public string Name => _source.Name;

    public OutboxTable Table => _table;

    /// <summary>True while this instance holds the source's leader lock.</summary>
    public bool IsLeader => _metrics.IsLeader(_source.Name);

    /// <summary>True while this instance leads and its LISTEN connection is up.</summary>
    public bool IsListening => _listener?.IsListening ?? false;

    /// <summary>Runs until <paramref name="stoppingToken"/> fires: leader election, publishing while leading, backlog gauges.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backlog = RefreshBacklogAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                LeaderLease lease;
                try
                {
                    lease = await _leadership.AcquireAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                await using (lease)
                {
                    _metrics.SetLeader(_source.Name, true);
                    LogLeading(_logger, _source.Name, lease.BackendPid);
                    try
                    {
                        await LeadAsync(lease, stoppingToken);
                    }
                    finally
                    {
                        _metrics.SetLeader(_source.Name, false);
                    }
                    if (!stoppingToken.IsCancellationRequested) LogLeadershipLost(_logger, _source.Name);
                }
            }
        }
        finally
        {
            await backlog;
        }
    }

    private async Task LeadAsync(LeaderLease lease, CancellationToken stoppingToken)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        var wake = new WakeSignal();
        var listener = new OutboxListener(_source.Name, _source.ConnectionString, wake, _logger);
        _listener = listener;
        var listening = listener.RunAsync(term.Token);
        var pruning = PruneLoopAsync(term.Token);
        try
        {
            await PublishLoopAsync(lease, wake, term.Token);
        }
        finally
        {
            await term.CancelAsync();
            await listening;
            await pruning;
            _listener = null;
        }
    }

    private async Task PublishLoopAsync(LeaderLease lease, WakeSignal wake, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        KafkaProducer? producer = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                BatchResult result;
                try
                {
                    producer ??= _producerFactory();
                    result = await RelayBatchAsync(producer, lease, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LogBatchError(_logger, _source.Name, e);
                    result = BatchResult.Error;
                }

                if (result.Complete)
                {
                    backoff.Reset();
                    if (result.Fetched == _options.BatchSize) continue; // more is waiting
                    try
                    {
                        await wake.WaitAsync(_options.SweepInterval, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    continue;
                }

                // Not everything was acknowledged: whatever the producer still holds must not reach the broker after
                // the retry's messages, so the retry gets a fresh producer. The old one is disposed off this loop.
                if (producer is not null && (result.ProducerTainted || producer.NeedsReplacement))
                {
                    Abandon(producer);
                    producer = null;
                }
                try
                {
                    await backoff.DelayAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            if (producer is not null) Abandon(producer);
        }
    }

    /// <summary>
    /// One batch: the oldest unpublished rows by sequence (read on the lock session), all produced at once, wait for every
    /// acknowledgement (at most <c>PublishTimeout</c>), mark the acknowledged rows published and count a failed attempt on
    /// the others, both on the lock session. Any failure makes the caller back off and start again from the oldest unpublished row.
    /// </summary>
    internal async Task<BatchResult> RelayBatchAsync(KafkaProducer producer, LeaderLease lease, CancellationToken cancellationToken)
    {
        // Fetched on the lock session too: a leader whose session is gone fails here, before it sends anything more.
        var rows = await lease.ExecuteAsync((session, ct) => _table.FetchUnpublishedAsync(session, _options.BatchSize, ct), cancellationToken);
        if (rows.Count == 0) return new BatchResult(0, Complete: true, ProducerTainted: false);

        IReadOnlyList<ProduceResult> results;
        var previous = Activity.Current;
        using (var batch = RelayTracing.StartBatch(_source.Name, rows))
        {
            Activity.Current = batch; // the producer links each event's send span to it
            try
            {
                results = await producer.ProduceBatchAsync(
                    [.. rows.Select(r => new OutgoingEvent(r.Topic, OutboxCloudEvents.ToCloudEvent(r)))], _options.PublishTimeout, cancellationToken);
            }
            finally
            {
                Activity.Current = previous;
            }
        }

        var acknowledged = new List<Guid>(rows.Count);
        var failed = new List<FailedRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            var result = results[i];
            if (result.Acknowledged)
            {
                acknowledged.Add(rows[i].Id);
            }
            else if (!result.NotSent && !(result.TimedOut && cancellationToken.IsCancellationRequested))
            {
                var (errorType, error) = result.TimedOut
                    ? ("Timeout", $"Timeout: not acknowledged by Kafka within {_options.PublishTimeout.TotalSeconds:0.###} s")
                    : (result.ErrorCode.ToString(), $"{result.ErrorCode}: {result.Error}");
                failed.Add(new FailedRow(rows[i].Id, error));
                _metrics.Failed(_source.Name, rows[i].Topic, errorType);
            }
        }

        // Marking is not cancelled with the batch: what the broker acknowledged is recorded even while stopping, so a
        // graceful stop re-sends nothing. (After a crash or a lost lock these rows are simply sent again.)
        using var markTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var published = await lease.ExecuteAsync((session, ct) => _table.MarkPublishedAsync(session, acknowledged, ct), markTimeout.Token);
        foreach (var row in published) _metrics.Published(_source.Name, row.Topic, row.LagSeconds);
        if (failed.Count > 0)
        {
            await lease.ExecuteAsync((session, ct) => _table.MarkFailedAsync(session, failed, ct), markTimeout.Token);
            LogBatchFailed(_logger, _source.Name, failed.Count, rows.Count, failed[0].Error);
        }
        cancellationToken.ThrowIfCancellationRequested();

        var complete = acknowledged.Count == rows.Count;
        return new BatchResult(rows.Count, complete, ProducerTainted: !complete);
    }

    private async Task PruneLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A first pass soon after taking the lead, then every PruneInterval.
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, _options.PruneInterval.TotalSeconds)), cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await PruneAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPruneFailed(_logger, _source.Name, e);
                }
                await Task.Delay(_options.PruneInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes every published row older than <c>Relay:Retention</c>, <c>Relay:PruneBatchSize</c> rows per statement.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var deleted = await _table.PruneBatchAsync(_options.Retention, _options.PruneBatchSize, cancellationToken);
            total += deleted;
            if (deleted > 0) _metrics.Pruned(_source.Name, deleted);
            if (deleted < _options.PruneBatchSize) break;
        }
        if (total > 0) LogPruned(_logger, _source.Name, total);
        return total;
    }

    private async Task RefreshBacklogAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var (count, oldest) = await _table.BacklogAsync(cancellationToken);
                    _metrics.SetBacklog(_source.Name, count, oldest);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogBacklogFailed(_logger, _source.Name, e.Message);
                }
                await Task.Delay(_options.BacklogInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Abandon(KafkaProducer producer)
    {
        // librdkafka's destroy purges what is still queued (about 0.1 s, measured with the broker down) but joins its
        // broker threads, so the loop does not wait for it. A request already in flight may still land: a duplicate of
        // a row the next producer re-sends, in order.
        var source = _source.Name;
        _ = Task.Run(() =>
        {
            try { producer.Dispose(); }
            catch (Exception e) { LogDisposeFailed(_logger, source, e); }
        });
    }

    internal readonly record struct BatchResult(int Fetched, bool Complete, bool ProducerTainted)
    {
        /// <summary>A database error: the producer holds nothing unacknowledged from it, so it is kept (unless fatal).</summary>
        public static BatchResult Error => new(0, Complete: false, ProducerTainted: false);
    }

    [LoggerMessage(EventId = 3130, Level = LogLevel.Information, Message = "Source {Source}: leading (lock session pid {BackendPid}); publishing")]
    private static partial void LogLeading(ILogger logger, string source, int backendPid);

    [LoggerMessage(EventId = 3131, Level = LogLevel.Warning, Message = "Source {Source}: leadership lost; publishing stopped")]
    private static partial void LogLeadershipLost(ILogger logger, string source);

    [LoggerMessage(EventId = 3132, Level = LogLevel.Warning, Message = "Source {Source}: batch failed; backing off")]
    private static partial void LogBatchError(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 3133, Level = LogLevel.Warning, Message = "Source {Source}: {Failed} of {Total} events not published ({FirstError}); retrying from the oldest unpublished row")]
    private static partial void LogBatchFailed(ILogger logger, string source, int failed, int total, string firstError);

    [LoggerMessage(EventId = 3134, Level = LogLevel.Information, Message = "Source {Source}: pruned {Rows} published rows past the retention")]
    private static partial void LogPruned(ILogger logger, string source, long rows);

    [LoggerMessage(EventId = 3135, Level = LogLevel.Warning, Message = "Source {Source}: pruning failed")]
    private static partial void LogPruneFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 3136, Level = LogLevel.Debug, Message = "Source {Source}: backlog query failed: {Error}")]
    private static partial void LogBacklogFailed(ILogger logger, string source, string error);

    [LoggerMessage(EventId = 3137, Level = LogLevel.Warning, Message = "Source {Source}: disposing an abandoned producer failed")]
    private static partial void LogDisposeFailed(ILogger logger, string source, Exception exception);
}
