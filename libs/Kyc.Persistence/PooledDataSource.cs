using Npgsql;

namespace Kyc.Persistence;

/// <summary>
/// The connection pool a service's requests and consumers use. Two settings differ from Npgsql's defaults:
/// statements are prepared automatically (<c>Max Auto Prepare</c> 32 unless the connection string sets it), and a
/// connection returned to the pool is not reset (<c>No Reset On Close</c>): the reset costs PostgreSQL six parsed
/// statements per checkout. That is safe because no code on such a pool leaves session state behind: no SET, LISTEN
/// or temporary tables, and the migration lock is released explicitly. An open transaction is still rolled back.
/// Use a dedicated connection for anything that needs session state (the relay's LISTEN and leader lock do).
/// </summary>
public static class PooledDataSource
{
    public const int DefaultMaxAutoPrepare = 32;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return NpgsqlDataSource.Create(settings.ConnectionString);
    }
}
