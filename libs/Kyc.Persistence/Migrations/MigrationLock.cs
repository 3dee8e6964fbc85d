using System.Buffers.Binary;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Kyc.Persistence.Migrations;

/// <summary>
/// A session-level PostgreSQL advisory lock (per database) that serialises migration runs: a second instance
/// starting at the same time waits, then finds nothing left to do.
/// </summary>
internal static class MigrationLock
{
    public static readonly long Key = BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("kyc-migrations")));

    /// <summary>Returns false when another session held the lock and this one had to wait for it.</summary>
    public static async Task<bool> AcquireAsync(NpgsqlConnection connection, Action onWait, CancellationToken cancellationToken)
    {
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            tryLock.Parameters.AddWithValue("key", Key);
            if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!) return true;
        }

        onWait();
        // No command timeout: another instance may be applying a long migration; cancellation ends the wait.
        await using var waitForLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
        waitForLock.Parameters.AddWithValue("key", Key);
        await waitForLock.ExecuteNonQueryAsync(cancellationToken);
        return false;
    }

    /// <summary>Releases the lock if the session is still usable; a broken session already lost it.</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != ConnectionState.Open) return;
        await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
        unlock.Parameters.AddWithValue("key", Key);
        await unlock.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
