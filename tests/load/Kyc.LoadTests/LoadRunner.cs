using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kyc.LoadTests;

/// <summary>One request's outcome. Times are <see cref="Stopwatch"/> timestamps; <see cref="Start"/> is the scheduled start in the open model.</summary>
public readonly record struct Sample(long Start, long End, int Status, string? Error)
{
    /// <summary>Status of a request that got no HTTP answer (timeout, connection failure) or was never sent.</summary>
    public const int NoResponse = 0;

    public bool IsCreated => Status == (int)HttpStatusCode.Created;

    public bool WasSent => Error is null || !Error.StartsWith(LoadRunner.NotSentPrefix, StringComparison.Ordinal);
}

public sealed record RunResult(
    IReadOnlyList<Sample> Measured,
    int WarmupRequests,
    int WarmupErrors,
    long MeasureFrom,
    long MeasureTo,
    IReadOnlyDictionary<string, string> ErrorExamples,
    IReadOnlyList<long> SchedulerLags,
    TimeSpan GeneratorCpu,
    int CreatedInPeriod)
{
    public double Seconds => (MeasureTo - MeasureFrom) / (double)Stopwatch.Frequency;

    /// <summary>201 answers to the requests started in the measured period (whenever they arrived).</summary>
    public int Ok => Measured.Count(s => s.IsCreated);

    /// <summary>201 answers that arrived inside the measured period (to whichever request), per second of it.</summary>
    public double OkPerSecond => CreatedInPeriod / Seconds;
}

/// <summary>Runs the closed (max) or open (rate) model against one endpoint.</summary>
public static class LoadRunner
{
    public const string NotSentPrefix = "not sent";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task<RunResult> RunAsync(LoadOptions options, CreateCaseRequests requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(requests);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        };
        using var client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var run = new Run(options, requests, client, ct);
        return await run.ExecuteAsync();
    }

    private sealed class Run(LoadOptions options, CreateCaseRequests requests, HttpClient client, CancellationToken ct)
    {
        private readonly ConcurrentQueue<Sample> _samples = new();
        private readonly ConcurrentDictionary<string, string> _errorExamples = new(StringComparer.Ordinal);
        private readonly List<long> _lags = [];
        private readonly string _authorization = "Bearer " + options.Token;
        private readonly Uri _endpoint = options.Endpoint;
        private long _sequence;
        private int _inFlight;
        private long _created;
        private long _failed;
        private long _start;
        private long _measureFrom;
        private long _end;

        public async Task<RunResult> ExecuteAsync()
        {
            _start = Stopwatch.GetTimestamp();
            _measureFrom = _start + Ticks(options.Warmup);
            _end = _measureFrom + Ticks(options.Duration);
            var cpu = MeasureGeneratorCpuAsync();
            var progress = ReportProgressAsync();

            if (options.Mode == LoadMode.Max)
            {
                await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));
            }
            else
            {
                var scheduler = new Thread(Schedule) { IsBackground = true, Name = "open-model scheduler", Priority = ThreadPriority.AboveNormal };
                scheduler.Start();
                await Task.Run(scheduler.Join, CancellationToken.None);
                // Let the requests still open finish (each ends by its timeout at the latest).
                var drainUntil = Stopwatch.GetTimestamp() + Ticks(options.Timeout + TimeSpan.FromSeconds(2));
                while (Volatile.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(10, CancellationToken.None);
            }

            var generatorCpu = await cpu;
            await progress;
            var all = _samples.ToArray();
            var measured = all.Where(s => s.Start >= _measureFrom).OrderBy(s => s.Start).ToList();
            var warmup = all.Where(s => s.Start < _measureFrom).ToList();
            List<long> lags;
            lock (_lags) lags = [.. _lags];
            var measureTo = Math.Min(_end, Stopwatch.GetTimestamp());
            var createdInPeriod = all.Count(s => s.IsCreated && s.End >= _measureFrom && s.End <= measureTo);
            return new RunResult(measured, warmup.Count, warmup.Count(s => !s.IsCreated), _measureFrom, measureTo,
                _errorExamples, lags, generatorCpu, createdInPeriod);
        }

        /// <summary>Closed model: one connection's worth of back-to-back requests.</summary>
        private async Task WorkerAsync()
        {
            while (!ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= _end) return;
                await SendAsync(started);
            }
        }

        /// <summary>
        /// Open model: request i is due at start + i / rate. The thread sleeps in 1 ms steps (no spinning: the service
        /// shares these cores) and starts every request that is due without waiting for any answer; a late start (the
        /// lag, reported) still counts from the due time, so neither the generator nor a slow answer hides latency.
        /// </summary>
        private void Schedule()
        {
            var interval = Stopwatch.Frequency / options.Rate;
            for (long i = 0; !ct.IsCancellationRequested; i++)
            {
                var due = _start + (long)(i * interval);
                if (due >= _end) return;
                long now;
                while ((now = Stopwatch.GetTimestamp()) < due) Thread.Sleep(1);
                if (due >= _measureFrom)
                {
                    lock (_lags) _lags.Add(now - due);
                }
                if (Volatile.Read(ref _inFlight) >= options.MaxInFlight)
                {
                    Record(new Sample(due, now, Sample.NoResponse, $"{NotSentPrefix}: {options.MaxInFlight} requests already open"));
                    continue;
                }
                _ = SendAsync(due);
            }
        }

        private async Task SendAsync(long start)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await SendOneAsync(start);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private async Task SendOneAsync(long start)
        {
            var reference = requests.Reference(Interlocked.Increment(ref _sequence));
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(requests.Body(reference)) };
            request.Content.Headers.ContentType = Json;
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", reference);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Timeout);
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                var end = Stopwatch.GetTimestamp();
                var status = (int)response.StatusCode;
                if (status == (int)HttpStatusCode.Created)
                {
                    Record(new Sample(start, end, status, null));
                    return;
                }
                var error = $"HTTP {status}{ProblemCode(body)}";
                _errorExamples.TryAdd(error, Truncate(Encoding.UTF8.GetString(body), 300));
                Record(new Sample(start, end, status, error));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Record(new Sample(start, Stopwatch.GetTimestamp(), Sample.NoResponse, $"timeout after {options.Timeout.TotalSeconds:0.#} s"));
            }
            catch (HttpRequestException e)
            {
                var error = $"failed: {e.HttpRequestError}";
                _errorExamples.TryAdd(error, Truncate(e.InnerException?.Message ?? e.Message, 300));
                Record(new Sample(start, Stopwatch.GetTimestamp(), Sample.NoResponse, error));
            }
        }

        private void Record(Sample sample)
        {
            _samples.Enqueue(sample);
            if (sample.IsCreated) Interlocked.Increment(ref _created);
            else Interlocked.Increment(ref _failed);
        }

        private async Task<TimeSpan> MeasureGeneratorCpuAsync()
        {
            await SleepUntilAsync(_measureFrom);
            var before = Environment.CpuUsage.TotalTime;
            await SleepUntilAsync(_end);
            return Environment.CpuUsage.TotalTime - before;
        }

        /// <summary>Every 5 s: answers per second since the last line, and how many requests are open.</summary>
        private async Task ReportProgressAsync()
        {
            var step = Ticks(TimeSpan.FromSeconds(5));
            long lastCreated = 0, lastFailed = 0, last = _start;
            for (var at = _start + step; at <= _end; at += step)
            {
                await SleepUntilAsync(at);
                if (ct.IsCancellationRequested) return;
                long created = Interlocked.Read(ref _created), failed = Interlocked.Read(ref _failed), now = Stopwatch.GetTimestamp();
                var seconds = (now - last) / (double)Stopwatch.Frequency;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"  t={(now - _start) / (double)Stopwatch.Frequency,5:0}s{(now <= _measureFrom ? " (warm-up)" : "")}  201/s {(created - lastCreated) / seconds,7:0.0}  errors/s {(failed - lastFailed) / seconds,6:0.0}  open {Volatile.Read(ref _inFlight)}");
                Console.WriteLine(line);
                (lastCreated, lastFailed, last) = (created, failed, now);
            }
        }

        private async Task SleepUntilAsync(long timestamp)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency), ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: report what was measured so far.
            }
        }

        private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>" code" of an RFC 9457 problem body, when there is one.</summary>
    private static string ProblemCode(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String ? " " + code.GetString() : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "...";
}
