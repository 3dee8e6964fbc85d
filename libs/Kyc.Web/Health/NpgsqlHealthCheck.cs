using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Kyc.Web.Health;

/// <summary>Ready when PostgreSQL answers <c>SELECT 1</c> within the timeout (default 2 s).</summary>
public sealed class NpgsqlHealthCheck(NpgsqlDataSource dataSource, TimeSpan? timeout = null) : IHealthCheck
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _timeout = timeout ?? DefaultTimeout;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(_timeout.TotalSeconds));
            await command.ExecuteScalarAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PostgreSQL did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is not reachable", exception);
        }
    }
}
