using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Kyc.Audit.Application.Ingestion;
using Kyc.Audit.Domain.Chain;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Messaging;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Usage (stack.env sourced; the audit service built: dotnet build services/audit/src/Kyc.Audit.Api -c Release; the port
// stays below the kernel's ephemeral range, from 32768, where an outgoing connection can hold it):
//   dotnet run -c Release --project services/audit/bench/Kyc.Audit.Bench -- [events=20000] [port=13499] [durable|async-commit]
// The stack's Kafka mock keeps only about 5 MB per partition (4 partitions; ~850 bytes per event with its headers), so
// a backlog beyond ~20,000 events loses its oldest messages before the service reads them.
// Starts the audit service's Release build (as infra/local/services.sh does) on its own port, database, consumer group
// and topic pattern; samples its RSS while idle; produces the events (kyc.onboarding.case.created.v1, one new case each)
// to a topic of its own; measures, from the database, the time from the first to the last recorded row; samples RSS
// and CPU (the service, the stack's PostgreSQL, the machine) every second; stops the service and drops the database.
// `async-commit` runs the service with synchronous_commit=off on its connections (a diagnostic, not a setting to ship).
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var events = Arg(0, 20_000);
var port = Arg(1, 13499);
var commitMode = args.Length > 2 ? args[2] : "durable";
if (commitMode is not ("durable" or "async-commit")) throw new ArgumentException($"unknown commit mode {commitMode}: durable or async-commit");
string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"source stack.env first ({name})");
var pg = Env("KYC_PG_CONNECTION");
var kafka = Env("KYC_KAFKA_BOOTSTRAP");
var stackDir = Env("KYC_STACK_DIR");

var repo = FindRepoRoot();
var dll = Path.Combine(repo, "services/audit/src/Kyc.Audit.Api/bin/Release/net10.0/Kyc.Audit.Api.dll");
if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: dotnet build services/audit/src/Kyc.Audit.Api -c Release");
var run = Guid.NewGuid().ToString("N")[..12];
var database = $"bench_audit_{run}";
var topicFormat = $"kyc.auditbench{run}.{EventProvenance.ProducerPlaceholder}.events"; // the service checks provenance against it
var topic = topicFormat.Replace(EventProvenance.ProducerPlaceholder, "onboarding", StringComparison.Ordinal);
var group = $"bench-audit-{run}";
var logFile = Path.Combine(Path.GetTempPath(), $"kyc-audit-bench-{run}.log");
var postmaster = int.Parse(File.ReadAllText(Path.Combine(stackDir, "pids/postgres.pid")).Trim(), CultureInfo.InvariantCulture);
Console.WriteLine($"{events} events, topic {topic}, database {database}, group {group}, port {port}, commit {commitMode}, {Environment.ProcessorCount} cores");
Console.WriteLine($"service log: {logFile}");

// 1. The events: one new case each (key and subject = the case id), 50 partners, realistic attribute values.
var contract = EventRegistry.For<CaseCreatedV1>();
var prepared = Stopwatch.StartNew();
var cloudEvents = new CloudEvent[events];
var now = DateTimeOffset.UtcNow;
string[] jurisdictions = ["GB", "DE", "FR", "NL", "IE", "ES", "IT", "LU", "BE", "SE"];
for (var i = 0; i < events; i++)
{
    var caseId = $"eu-{Guid.CreateVersion7():D}";
    var partner = $"partner-{i % 50:D2}";
    var data = new CaseCreatedV1(caseId, partner, 1, now, "eu", CaseStatuses.Draft, jurisdictions[i % jurisdictions.Length],
        EntityTypes.All[i % EntityTypes.All.Count], i % 3 == 0 ? null : $"REF-{i:D8}");
    var traceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid():N}"[..52] + "-01";
    cloudEvents[i] = new CloudEvent(Guid.CreateVersion7().ToString("D"), contract.Source, contract.CloudEventType, now, caseId,
        contract.DataSchema.AbsoluteUri, partner, JsonSerializer.SerializeToUtf8Bytes(data, ContractJson.Options), traceParent,
        CorrelationId: Guid.NewGuid().ToString("D"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"built {events} events in {prepared.Elapsed.TotalSeconds:0.0} s; data {cloudEvents[0].Data.Length} bytes, e.g. {System.Text.Encoding.UTF8.GetString(cloudEvents[0].Data.Span)}"));

// 2. The CPU-only parts of ingestion, in this process, one thread: the schema check (EventIngestion.Decide, what the
//    handler runs first) and the chain hash (AuditChain.Append). Compared with the per-event wall time below.
MicroTimings(cloudEvents);

// 3. The service, idle: no topic matches its pattern yet.
var admin = new NpgsqlConnectionStringBuilder(pg) { Pooling = false }.ConnectionString;
var serviceDb = new NpgsqlConnectionStringBuilder(pg) { Database = database, MaxPoolSize = 30 };
if (commitMode == "async-commit") serviceDb.Options = "-c synchronous_commit=off";
var sampler = new Sampler(postmaster);
using var service = StartService();
try
{
    sampler.Start(service.Id);
    using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
    {
        var ready = Stopwatch.StartNew();
        while (true)
        {
            if (service.HasExited) throw new InvalidOperationException($"the service exited ({service.ExitCode}); see {logFile}");
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"))).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (ready.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"the service was not ready within 120 s; see {logFile}");
            await Task.Delay(250);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"service pid {service.Id} ready after {ready.Elapsed.TotalSeconds:0.0} s"));
    }
    await Task.Delay(TimeSpan.FromSeconds(15));
    var idle = sampler.Snapshot();
    var idleRss = idle[^5..].Average(s => s.RssKb);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle RSS {idleRss / 1024:0} MiB (mean of the last 5 s samples)"));

    // 4. Load: produce everything (the service finds the topic at its next metadata refresh, 1 s here).
    var produceSample = idle.Count;
    var produceStartedAt = DateTimeOffset.UtcNow;
    var produce = Stopwatch.StartNew();
    using (var metrics = new KafkaMessagingMetrics())
    using (var producer = new KafkaProducer(new KafkaOptions { BootstrapServers = kafka, ClientId = "audit-bench" }, metrics, NullLogger<KafkaProducer>.Instance))
    {
        foreach (var chunk in cloudEvents.Chunk(5000))
        {
            var results = await producer.ProduceBatchAsync([.. chunk.Select(e => new OutgoingEvent(topic, e))]);
            var failed = results.Count(r => !r.Acknowledged);
            if (failed > 0) throw new InvalidOperationException($"{failed} events were not acknowledged");
        }
    }
    var producedAt = DateTimeOffset.UtcNow;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"produced {events} events in {produce.Elapsed.TotalSeconds:0.0} s to {Partitions(topic)} partition(s)"));

    // 5. Wait until every event is in the log (max(seq) is an index lookup; the log is the service's alone).
    await using var dataSource = NpgsqlDataSource.Create(serviceDb.ConnectionString);
    // The load window of the samples: from the first recorded row (the consumer finds a new topic after a metadata
    // refresh and a group rebalance, which can take a session timeout on the mock broker) to the last.
    long recorded = 0, lastProgress = 0;
    var loadStart = -1;
    var stall = Stopwatch.StartNew();
    while (recorded < events)
    {
        await Task.Delay(500);
        recorded = await Scalar<long>(dataSource, "SELECT coalesce(max(seq), 0) FROM audit_log");
        if (recorded > 0 && loadStart < 0) loadStart = Math.Max(produceSample, sampler.Snapshot().Count - 1);
        if (recorded != lastProgress) { lastProgress = recorded; stall.Restart(); }
        if (stall.Elapsed > TimeSpan.FromSeconds(120))
        {
            // The mock broker keeps a bounded log per partition (about 5 MB): older messages of a larger backlog are gone.
            Console.WriteLine($"WARNING: no progress for 120 s at {recorded} of {events} rows (dead letters, or messages the mock broker dropped? see {logFile}); results below are for the rows recorded");
            break;
        }
        if (service.HasExited) throw new InvalidOperationException($"the service exited ({service.ExitCode}); see {logFile}");
    }
    var loadEnd = sampler.Snapshot().Count;
    await Task.Delay(TimeSpan.FromSeconds(15));
    var all = sampler.Snapshot();
    sampler.Stop();

    // 6. Results, from the rows' recorded_at (the appender's clock, set before the insert of each row).
    await using (var command = dataSource.CreateCommand(
        "SELECT count(*), min(recorded_at), max(recorded_at), count(*) FILTER (WHERE recorded_at >= @produced), " +
        "min(recorded_at) FILTER (WHERE recorded_at >= @produced) FROM audit_log"))
    {
        command.Parameters.AddWithValue("produced", producedAt);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var rows = reader.GetInt64(0);
        var first = reader.GetFieldValue<DateTimeOffset>(1);
        var last = reader.GetFieldValue<DateTimeOffset>(2);
        var afterProduce = reader.GetInt64(3);
        var firstAfterProduce = reader.IsDBNull(4) ? last : reader.GetFieldValue<DateTimeOffset>(4);
        var seconds = (last - first).TotalSeconds;
        var steady = (last - firstAfterProduce).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recorded {rows} rows; first {(first - produceStartedAt).TotalSeconds:0.0} s after producing began; first to last {seconds:0.00} s: {(rows - 1) / seconds:0} events/s ({seconds * 1000 / (rows - 1):0.00} ms per event)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after the producer finished: {afterProduce} rows in {steady:0.00} s: {(afterProduce - 1) / steady:0} events/s"));
    }
    await using (var dlq = dataSource.CreateCommand("SELECT count(*) FROM inbox"))
        Console.WriteLine($"inbox rows: {await dlq.ExecuteScalarAsync()}");
    // processed_at defaults to now(), the start of the transaction: rows sharing it were recorded by one transaction.
    await using (var transactions = dataSource.CreateCommand(
        "SELECT count(*), avg(n), max(n) FROM (SELECT count(*) AS n FROM inbox GROUP BY processed_at) per_transaction"))
    {
        await using var reader = await transactions.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"consumer transactions: {reader.GetInt64(0)}, {reader.GetDecimal(1):0.0} events each on average, at most {reader.GetInt64(2)}"));
    }

    var load = all.Skip(loadStart).Take(loadEnd - loadStart).ToList();
    var after = all.Skip(loadEnd).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RSS: idle {idleRss / 1024:0} MiB (last 5 s before producing), peak {load.Max(s => s.RssKb) / 1024.0:0} MiB, mean under load {load.Average(s => s.RssKb) / 1024:0} MiB, 15 s after {after[^1].RssKb / 1024.0:0} MiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU under load (mean, % of one core): audit {load.Average(s => s.ServiceCpu):0}%, PostgreSQL (all backends) {load.Average(s => s.PostgresCpu):0}%, machine busy {load.Average(s => s.MachineBusy):0}% of {Environment.ProcessorCount * 100}%; CPU idle: audit {idle[^5..].Average(s => s.ServiceCpu):0}%"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"load average (1 min) during load: {load.Min(s => s.Load1):0.0}–{load.Max(s => s.Load1):0.0}"));
    Console.WriteLine("samples (s, RSS MiB, audit CPU %, PostgreSQL CPU %, machine busy %, load1):");
    foreach (var s in all.Where((_, i) => i % 5 == 0 || i == produceSample || i == loadStart || i == loadEnd))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {s.Second,4} {s.RssKb / 1024.0,6:0} {s.ServiceCpu,5:0} {s.PostgresCpu,5:0} {s.MachineBusy,5:0} {s.Load1,5:0.0}{Marker(all.IndexOf(s))}"));
    string Marker(int i) => i == produceSample ? "  <- produce" : i == loadStart ? "  <- first row" : i == loadEnd ? "  <- last row" : "";
}
finally
{
    sampler.Stop();
    if (!service.HasExited)
    {
        using (var term = Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync();
        if (!service.WaitForExit(TimeSpan.FromSeconds(15))) service.Kill();
    }
    NpgsqlConnection.ClearAllPools();
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}

Process StartService()
{
    var start = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    // As services/audit/local.env and infra/local/services.sh configure it, plus what keeps this run to itself.
    start.Environment["Audit__Database__MigrationsConnectionString"] = serviceDb.ConnectionString;
    start.Environment["Audit__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(serviceDb.ConnectionString)
    {
        Username = "kyc_audit_app", Password = Env("KYC_PG_AUDIT_APP_PASSWORD"),
    }.ConnectionString;
    start.Environment["Audit__CreateMissingDatabase"] = "true";
    start.Environment["Audit__ConsumerGroup"] = group;
    start.Environment["Audit__ProducerTopicFormat"] = topicFormat;
    start.Environment["Audit__TopicPattern"] = $"^{topic.Replace(".", "\\.", StringComparison.Ordinal)}$";
    start.Environment["Audit__Consumer__Properties__topic.metadata.refresh.interval.ms"] = "1000";
    start.Environment["Kafka__BootstrapServers"] = kafka;
    start.Environment["Auth__Authority"] = Env("KYC_OIDC_ISSUER");
    start.Environment["Auth__Audience"] = Env("KYC_OIDC_AUDIENCE");
    start.Environment["Auth__RequireHttpsMetadata"] = "false";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // the OIDC stand-in serves plain HTTP
    start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
    start.Environment["DOTNET_gcServer"] = "0";
    var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
    var log = new StreamWriter(logFile) { AutoFlush = true };
    var gate = new Lock();
    void Write(string? line) { if (line is null) return; lock (gate) log.WriteLine(line); }
    process.OutputDataReceived += (_, e) => Write(e.Data);
    process.ErrorDataReceived += (_, e) => Write(e.Data);
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static void MicroTimings(CloudEvent[] cloudEvents)
{
    var ingestion = new EventIngestion(TimeProvider.System);
    var sample = cloudEvents.Take(Math.Min(cloudEvents.Length, 20_000)).Select(e => new ReceivedEvent(e.Id, e.Type, e.Source, e.Subject,
        e.PartnerId, e.CorrelationId, e.TraceParent, e.DataSchema, e.Time, e.Data, "kyc.onboarding.events", 0, 0)).ToArray();
    // Best of 3 rounds (the first one warms up the JIT): on a shared machine the minimum is the least disturbed figure.
    double decide = double.MaxValue, chain = double.MaxValue;
    for (var round = 0; round < 3; round++)
    {
        var clock = Stopwatch.StartNew();
        var entries = new List<Kyc.Audit.Domain.Log.AuditEntry>(sample.Length);
        foreach (var e in sample)
            entries.Add(ingestion.Decide(e) is IngestDecision.Accept accept ? accept.Entry : throw new InvalidOperationException("the bench built an invalid event"));
        decide = Math.Min(decide, clock.Elapsed.TotalMilliseconds * 1000 / sample.Length);
        var hash = AuditChain.Genesis.ToArray();
        clock.Restart();
        for (var i = 0; i < entries.Count; i++) hash = AuditChain.Append(i, hash, entries[i]).Hash;
        chain = Math.Min(chain, clock.Elapsed.TotalMilliseconds * 1000 / entries.Count);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"in-process, one thread, {sample.Length} events, best of 3: schema check (EventIngestion.Decide) {decide:0.0} µs/event, chain hash (AuditChain.Append) {chain:0.0} µs/event"));
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "OnboardingKyc.sln"))) return dir.FullName;
    throw new InvalidOperationException("OnboardingKyc.sln not found above " + AppContext.BaseDirectory);
}

int Partitions(string name)
{
    Kyc.Messaging.Native.Librdkafka.Load();
    using var client = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka }).Build();
    return client.GetMetadata(name, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
}

static async Task<T> Scalar<T>(NpgsqlDataSource dataSource, string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

/// <summary>One sample per second: the service's RSS and CPU, the CPU of the stack's PostgreSQL (postmaster's children), the machine's.</summary>
internal sealed record Sample(int Second, long RssKb, double ServiceCpu, double PostgresCpu, double MachineBusy, double Load1);

internal sealed class Sampler(int postmasterPid)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly List<Sample> _samples = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Start(int pid)
    {
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _loop = Task.Run(async () =>
        {
            var (service, postgres, busy, total) = (ProcessTicks(pid), PostgresTicks(), 0L, 0L);
            (busy, total) = MachineTicks();
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (var second = 1; await timer.WaitForNextTickAsync(token).ConfigureAwait(false); second++)
            {
                var rss = Rss(pid);
                if (rss < 0) return; // the process is gone
                var (service2, postgres2) = (ProcessTicks(pid), PostgresTicks());
                var (busy2, total2) = MachineTicks();
                var load1 = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
                var sample = new Sample(second, rss, (service2 - service) / TicksPerSecond * 100, (postgres2 - postgres) / TicksPerSecond * 100,
                    total2 == total ? 0 : (double)(busy2 - busy) / (total2 - total) * 100 * Environment.ProcessorCount, load1);
                lock (_gate) _samples.Add(sample);
                (service, postgres, busy, total) = (service2, postgres2, busy2, total2);
            }
        }, token);
    }

    public List<Sample> Snapshot()
    {
        lock (_gate) return [.. _samples];
    }

    public void Stop()
    {
        if (_stop is null) return;
        _stop.Cancel();
        try { _loop?.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
        _stop = null;
    }

    private static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return -1; }
    }

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/pid/stat), and its parent; 0 when it is gone.</summary>
    private static (long Ticks, int Parent) Stat(string pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
                int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException) { return (0, 0); }
    }

    private static long ProcessTicks(int pid) => Stat(pid.ToString(CultureInfo.InvariantCulture)).Ticks;

    /// <summary>The postmaster and its children. Backends that ended since the last sample are not counted (connections are pooled, so few do).</summary>
    private long PostgresTicks()
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!char.IsAsciiDigit(name[0])) continue;
            var (t, parent) = Stat(name);
            if (parent == postmasterPid || name == postmasterPid.ToString(CultureInfo.InvariantCulture)) ticks += t;
        }
        return ticks;
    }

    private static (long Busy, long Total) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = cpu.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - cpu[3] - cpu[4], total);
    }
}
