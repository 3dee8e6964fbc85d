using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Persistence.Roles;

/// <summary>
/// The <see cref="RuntimeRoleCheck"/> for a worker that has no migration step of its own and may start before its databases
/// exist (the outbox relay). Each database reachable at start-up is checked before the host starts (a refused role fails
/// the start); one that is not is checked as soon as it answers, and a refused role then stops the application with
/// exit code 1. Register it before the workers that use the databases.
/// </summary>
public sealed partial class RuntimeRoleGuard(
    IReadOnlyList<(string Setting, NpgsqlDataSource DataSource)> databases, IHostEnvironment environment, IHostApplicationLifetime lifetime,
    ILogger<RuntimeRoleGuard> logger) : IHostedService
{
    // Never disposed: StopAsync may be called more than once (a host stopped by its owner and again on disposal).
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _pending = [];

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (setting, dataSource) in databases)
        {
            try
            {
                await RuntimeRoleCheck.EnsureAsync(dataSource, setting, environment.IsDevelopment(), logger, ct: cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException and not PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
            {
                LogNotYetReachable(logger, setting);
                _pending.Add(CheckWhenReachableAsync(setting, dataSource, _stopping.Token));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_pending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }


    private async Task CheckWhenReachableAsync(string setting, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryInterval, ct);
                await RuntimeRoleCheck.EnsureAsync(dataSource, setting, environment.IsDevelopment(), logger, ct: ct);
                return;
            }
            catch (OwnerRightsAtRuntimeException e)
            {
                LogRefused(logger, e.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (NpgsqlException)
            {
                // not reachable yet
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "{Setting}: database not reachable yet; its role is checked when it answers")]
    private static partial void LogNotYetReachable(ILogger logger, string setting);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Critical, Message = "Stopping: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);
}
