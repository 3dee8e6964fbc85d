using System.Globalization;

namespace Kyc.LoadTests;

/// <summary>Command line: <c>create-cases --target URL --token-file F --mode max|rate ...</c>. Exit 0 when the run produced any 201, 1 when none, 2 on bad arguments.</summary>
public static class Cli
{
    public const string Usage = """
        usage: Kyc.LoadTests create-cases --target URL (--token-file FILE | env KYC_TOKEN) [options]

          --mode max|rate        max: closed model, N connections each sending the next request as soon as the last
                                 answered (maximum sustained throughput). rate: open model, requests started on a
                                 fixed schedule whatever the answers; latency counted from the *scheduled* start.
          --duration 30s         measured period (after the warm-up); s, ms or m; default 30s
          --warmup 5s            period run at the same load first and left out of the results; default 5s
          --connections 32       max: concurrent connections (workers); rate: connection pool cap (default 256)
          --rate 300             rate: requests per second
          --timeout 10s          per request; a timeout counts as an error
          --body FILE            JSON body of a create request (default: a DE company, a director and two UBOs);
                                 its external_reference is replaced by a unique one per request
          --path /v1/onboarding/cases
          --label TEXT           a name for the run, printed with the results
          --max-in-flight 20000  rate: a request due while this many are open is not sent and counts as an error

        Each request carries a unique Idempotency-Key and external_reference. Anything but 201 is an error.
        Prints a result table and one line starting with RESULT (key=value) for scripts.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] != "create-cases")
        {
            error.WriteLine($"unknown command '{args[0]}'");
            error.WriteLine(Usage);
            return 2;
        }

        LoadOptions options;
        byte[] body;
        try
        {
            options = LoadOptions.Parse(args.AsSpan(1));
            body = options.BodyFile is { } file ? await File.ReadAllBytesAsync(file) : CreateCaseRequests.DefaultBody();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        var requests = new CreateCaseRequests(body);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"create-cases: {options.Describe()}, warm-up {options.Warmup.TotalSeconds:0.#} s, measuring {options.Duration.TotalSeconds:0.#} s ..."));
        var result = await LoadRunner.RunAsync(options, requests, cancel.Token);
        ResultReport.Write(output, options, result);
        return result.Ok > 0 ? 0 : 1;
    }
}
