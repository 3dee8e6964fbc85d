using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Relay;
using Kyc.OutboxRelay.Telemetry;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Usage (stack.env sourced: KYC_PG_CONNECTION, KYC_KAFKA_BOOTSTRAP):
//   dotnet run -c Release --project services/outbox-relay/bench/Kyc.OutboxRelay.Bench -- throughput [rows=100000] [batch=500]
//   dotnet run -c Release --project services/outbox-relay/bench/Kyc.OutboxRelay.Bench -- latency [rate=1000] [seconds=60] [batch=500] [events-per-transaction=2]
// Each run uses a database and a topic of its own and drops the database afterwards.
var mode = args.Length > 0 ? args[0] : "throughput";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var pg = Environment.GetEnvironmentVariable("KYC_PG_CONNECTION") ?? throw new InvalidOperationException("source stack.env first (KYC_PG_CONNECTION)");
var kafka = Environment.GetEnvironmentVariable("KYC_KAFKA_BOOTSTRAP") ?? throw new InvalidOperationException("source stack.env first (KYC_KAFKA_BOOTSTRAP)");

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
var database = $"bench_relay_{Guid.NewGuid():N}"[..24];
var admin = new NpgsqlConnectionStringBuilder(pg) { Pooling = false }.ConnectionString;
await Execute(admin, $"CREATE DATABASE \"{database}\"");
var connectionString = new NpgsqlConnectionStringBuilder(pg) { Database = database, MaxPoolSize = 20 }.ConnectionString;
try
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    await MigrationRunner.ApplyAsync(dataSource, [KycPersistenceMigrations.Source], NullLogger.Instance);
    var topic = $"bench.relay.{Guid.NewGuid():N}"[..24];
    Console.WriteLine($"database {database}, topic {topic}, {Environment.ProcessorCount} cores");
    switch (mode)
    {
        case "throughput":
            await Throughput(dataSource, topic, rows: Arg(1, 100_000), batch: Arg(2, new RelayOptions().BatchSize));
            break;
        case "latency":
            await Latency(dataSource, topic, rate: Arg(1, 1000), seconds: Arg(2, 60), batch: Arg(3, new RelayOptions().BatchSize), eventsPerTransaction: Arg(4, 2));
            break;
        default:
            throw new ArgumentException($"unknown mode {mode}: throughput or latency");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Execute(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
}

async Task Throughput(NpgsqlDataSource dataSource, string topic, int rows, int batch)
{
    // Pre-fill: 1,000 aggregates, events interleaved, 1,000 rows per transaction.
    var fill = Stopwatch.StartNew();
    for (var written = 0; written < rows; written += 1000)
    {
        var messages = Enumerable.Range(written, Math.Min(1000, rows - written))
            .Select(i => Event(topic, $"case-{i % 1000}", i)).ToArray();
        await Insert(dataSource, messages);
    }
    Console.WriteLine($"pre-filled {rows} rows in {fill.Elapsed.TotalSeconds:0.0} s");

    await using var relay = Start(dataSource, batch);
    var clock = Stopwatch.StartNew();
    while (await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE published_at IS NULL") > 0) await Task.Delay(100);
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"relayed {rows} events in {seconds:0.00} s (includes taking the lock): {rows / seconds:0} events/s, batch {batch}");
}

async Task Latency(NpgsqlDataSource dataSource, string topic, int rate, int seconds, int batch, int eventsPerTransaction)
{
    await using var relay = Start(dataSource, batch);
    // Warm-up: leader elected, producer connected, topic created; only rows written after it are measured.
    await Insert(dataSource, [Event(topic, "warm-up", 0)]);
    while (await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE published_at IS NULL") > 0) await Task.Delay(50);
    var warmUp = await Scalar<long>(dataSource, "SELECT max(sequence) FROM outbox");

    // `writers` connections each commit transactions of `eventsPerTransaction` events at a fixed pace: `rate` events/s in total.
    const int writers = 16;
    var perWriterInterval = TimeSpan.FromSeconds((double)eventsPerTransaction * writers / rate);
    var total = rate * seconds;
    var durations = new System.Collections.Concurrent.ConcurrentBag<double>();
    var late = 0; // transactions that started more than 100 ms after their slot (the writers could not keep the pace)
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        for (var n = 0; ; n++)
        {
            var index = (n * writers) + w;
            if (index * eventsPerTransaction >= total) break;
            var due = perWriterInterval * n;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            else if (wait < -TimeSpan.FromMilliseconds(100)) Interlocked.Increment(ref late);
            var subject = $"case-{index % 500}";
            var started = Stopwatch.GetTimestamp();
            await Insert(dataSource, [.. Enumerable.Range(index * eventsPerTransaction, eventsPerTransaction).Select(p => Event(topic, subject, p))]);
            durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    var writeSeconds = clock.Elapsed.TotalSeconds;
    while (await Scalar<long>(dataSource, "SELECT count(*) FROM outbox WHERE published_at IS NULL") > 0) await Task.Delay(100);
    Console.WriteLine($"{eventsPerTransaction} events per transaction, {writers} writers: wrote {total} events in {writeSeconds:0.0} s ({total / writeSeconds:0} events/s; {late} of {total / eventsPerTransaction} transactions started >100 ms late)");

    await using var command = dataSource.CreateCommand("""
        SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (published_at - created_at))),
               max(EXTRACT(EPOCH FROM (published_at - created_at)))
        FROM outbox WHERE sequence > @warm_up
        """);
    command.Parameters.AddWithValue("warm_up", warmUp);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    var p = reader.GetFieldValue<double[]>(0);
    var max = reader.GetDouble(1);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"commit-to-publish (published_at - created_at): p50 {p[0] * 1000:0.0} ms, p95 {p[1] * 1000:0.0} ms, p99 {p[2] * 1000:0.0} ms, max {max * 1000:0.0} ms"));
    // created_at is the writing transaction's start, so the figures above include the writer's own transaction:
    var sorted = durations.Order().ToArray();
    double Percentile(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"writer transaction (open, insert, durable commit; client side): p50 {Percentile(0.5):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms"));
}

RelayHandle Start(NpgsqlDataSource dataSource, int batch)
{
    var options = new RelayOptions { BatchSize = batch };
    options.Sources["bench"] = new RelaySourceOptions { Name = "bench", ConnectionString = connectionString };
    var producerOptions = new Kyc.Messaging.KafkaOptions { BootstrapServers = kafka, ClientId = "bench" };
    options.Validate();
    var logger = loggerFactory.CreateLogger("relay");
    var relay = new SourceRelay(options.Sources["bench"], options, dataSource,
        () => new Kyc.Messaging.Producing.KafkaProducer(producerOptions, new Kyc.Messaging.Diagnostics.KafkaMessagingMetrics(), logger,
            Kyc.Messaging.Producing.ProducerOrdering.Strict), new RelayMetrics(), logger);
    return new RelayHandle(relay);
}

static OutboxMessage Event(string topic, string subject, int position) =>
    OutboxMessage.Create(topic, "kyc.bench.happened.v1", "/bench", subject, "partner-bench", DateTimeOffset.UtcNow,
        JsonSerializer.Serialize(new { subject, position, padding = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }));

static async Task Insert(NpgsqlDataSource dataSource, IReadOnlyCollection<OutboxMessage> messages)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await OutboxWriter.AppendAsync(connection, transaction, messages);
    await transaction.CommitAsync();
    await OutboxNotifier.NotifyCommittedAsync(connection);
}

static async Task<T> Scalar<T>(NpgsqlDataSource dataSource, string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

static async Task Execute(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

/// <summary>A relay running in the background until disposed.</summary>
internal sealed class RelayHandle : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public RelayHandle(SourceRelay relay) => _running = Task.Run(() => relay.RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
