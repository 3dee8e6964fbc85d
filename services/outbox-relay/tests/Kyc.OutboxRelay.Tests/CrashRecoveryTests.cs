using System.Diagnostics;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Aggregates = 50;
    private const int EventsPerAggregate = 60;
    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task After_kill_9_of_relay_processes_mid_stream_another_relay_publishes_every_row_at_least_once_in_order()
    {
        var topic = UniqueNames.Topic("relay-kill9");
        var written = await FillAsync(topic);
        var total = Aggregates * EventsPerAggregate;

        // The real relay host in a process of its own, small batches so each kill lands mid-stream; killed twice.
        var killedAt = new List<long>();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} filled");
        foreach (var threshold in new[] { 200, 1200 })
        {
            using var process = RelayProcess.Start(_db.RelayConnectionString, StackSettings.KafkaBootstrap, batchSize: 20);
            try
            {
                await Eventually.TrueAsync(async () => await _db.PublishedCountAsync() >= threshold, TimeSpan.FromSeconds(60), "the relay process publishes");
            }
            catch (TimeoutException)
            {
                output.WriteLine(process.Output);
                throw;
            }
            process.Kill(); // SIGKILL: no graceful stop, no flush, no unlock
            killedAt.Add(await _db.PublishedCountAsync());
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed at {killedAt[^1]}");
        }
        output.WriteLine($"killed with {string.Join(", ", killedAt)} of {total} rows marked published");
        Assert.All(killedAt, published => Assert.InRange(published, 1, total - 1));

        // The killed leader's session ends with its process, so a new relay takes the lock and carries on.
        await using var relay = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "successor");
        await _db.AllPublishedAsync(total);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all published");

        var records = await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, total);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all read");
        AssertEveryEventInOrder(written, records);
        output.WriteLine($"{records.Count} messages for {total} events ({records.Count - total} duplicates)");
    }

    [Fact]
    public async Task A_relay_stopped_mid_batch_and_a_new_one_started_publish_every_row_at_least_once_in_order()
    {
        var topic = UniqueNames.Topic("relay-restart");
        var written = await FillAsync(topic);
        var total = Aggregates * EventsPerAggregate;

        var first = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, o => o.BatchSize = 25, instance: "first");
        await Eventually.TrueAsync(async () => await _db.PublishedCountAsync() >= 100, TimeSpan.FromSeconds(60), "the first relay publishes");
        await first.DisposeAsync(); // cancels whatever batch is in flight
        var publishedAtStop = await _db.PublishedCountAsync();
        output.WriteLine($"stopped with {publishedAtStop} of {total} rows marked published");

        await using var second = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "second");
        await _db.AllPublishedAsync(total);

        var records = await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, total);
        AssertEveryEventInOrder(written, records);
    }

    /// <summary>Writes the events of many aggregates, interleaved, a few per transaction; returns each aggregate's ids in order.</summary>
    private async Task<Dictionary<string, List<string>>> FillAsync(string topic)
    {
        var written = Enumerable.Range(0, Aggregates).ToDictionary(a => $"case-{a:00}-{Guid.NewGuid():N}", _ => new List<string>());
        var subjects = written.Keys.ToArray();
        for (var position = 0; position < EventsPerAggregate; position++)
        {
            var messages = subjects.Select(s => Events.For(topic, s, position)).ToArray();
            await _db.InsertAsync(messages);
            foreach (var m in messages) written[m.Subject].Add(m.Id.ToString());
        }
        return written;
    }

    private static void AssertEveryEventInOrder(Dictionary<string, List<string>> written, List<Confluent.Kafka.ConsumeResult<string, byte[]>> records)
    {
        foreach (var (subject, ids) in written)
        {
            var firstSeen = records.Where(r => r.Message.Key == subject).Select(TopicReader.IdOf).Distinct().ToList();
            Assert.Equal(ids, firstSeen);
        }
    }

    /// <summary>The relay's own host (Kyc.OutboxRelay.dll from the build output) as a child process.</summary>
    private sealed class RelayProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private RelayProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static RelayProcess Start(string connectionString, string bootstrap, int batchSize)
        {
            var directory = AppContext.BaseDirectory;
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The test's runtimeconfig names the same frameworks (Microsoft.NETCore.App and Microsoft.AspNetCore.App).
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.Combine(directory, "Kyc.OutboxRelay.Tests.runtimeconfig.json"));
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(Path.Combine(directory, "Kyc.OutboxRelay.Tests.deps.json"));
            start.ArgumentList.Add(Path.Combine(directory, "Kyc.OutboxRelay.dll"));
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["Relay__Sources__main__ConnectionString"] = connectionString;
            start.Environment["Kafka__BootstrapServers"] = bootstrap;
            start.Environment["Relay__BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new RelayProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the relay process"));
        }

        public void Kill()
        {
            _process.Kill(); // Process.Kill sends SIGKILL on Linux
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
        }
    }
}
