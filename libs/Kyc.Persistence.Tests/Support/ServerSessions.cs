using Npgsql;

namespace Kyc.Persistence.Tests.Support;

/// <summary>What another PostgreSQL session is doing, to know for certain that it is blocked on a lock.</summary>
internal static class ServerSessions
{
    /// <summary>Waits until session <paramref name="pid"/> waits for a lock; returns the kind (e.g. advisory, transactionid).</summary>
    public static async Task<string> WaitUntilBlockedOnLockAsync(NpgsqlDataSource observer, int pid)
    {
        // A bound for a broken test, not a timing assertion: the blocked state normally shows within milliseconds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = observer.CreateCommand("SELECT wait_event FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'");
            command.Parameters.AddWithValue("pid", pid);
            if (await command.ExecuteScalarAsync() is string waitEvent) return waitEvent;
            await Task.Delay(10);
        }
        throw new TimeoutException($"Session {pid} did not block on a lock.");
    }

    /// <summary>Waits until some session waits for a lock that session <paramref name="blockerPid"/> holds.</summary>
    public static async Task WaitUntilOneIsBlockedByAsync(NpgsqlDataSource observer, int blockerPid)
    {
        // A bound for a broken test, not a timing assertion: the blocked state normally shows within milliseconds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = observer.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE @blocker = ANY (pg_blocking_pids(pid))");
            command.Parameters.AddWithValue("blocker", blockerPid);
            if (await command.ExecuteScalarAsync() is long and > 0) return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"No session blocked on a lock held by session {blockerPid}.");
    }
}
