using System.Net.Sockets;
using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Failures that say the database cannot be reached rather than that the message is bad: connection refused or broken,
/// server shutting down or out of connections. The consumer waits them out instead of spending the message's attempts.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)     // connection_exception
                           || pg.SqlState is "57P01" or "57P02" or "57P03"            // admin/crash shutdown, cannot connect now
                           || pg.SqlState is "53300";                                  // too_many_connections
                case NpgsqlException { InnerException: SocketException or IOException }:
                    return true;
            }
        }
        return false;
    }
}
