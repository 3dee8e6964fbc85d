using System.Net.Sockets;
using Kyc.Messaging.Consuming;
using Npgsql;
using Xunit;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class DatabaseFailuresTests
{
    [Fact]
    public void A_refused_or_broken_connection_means_the_database_is_unavailable()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(DatabaseFailures.IsUnavailable(new InvalidOperationException("wrapped", new NpgsqlException("x", new IOException()))));
    }

    [Fact]
    public void Errors_of_the_message_or_the_handler_are_not_unavailability()
    {
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("bug")));
        Assert.False(DatabaseFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new TimeoutException())));
        Assert.False(DatabaseFailures.IsUnavailable(new SocketException((int)SocketError.ConnectionRefused)));
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_unavailable()
    {
        // A port nothing listens on: Npgsql's own exception for a refused connection.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=x;Password=x;Timeout=5");

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await dataSource.OpenConnectionAsync());

        Assert.True(DatabaseFailures.IsUnavailable(error), error.ToString());
    }
}
