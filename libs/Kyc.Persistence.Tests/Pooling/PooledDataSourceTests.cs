using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Pooling;

public sealed class PooledDataSourceTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task Statements_are_prepared_automatically_and_returned_connections_are_not_reset()
    {
        await using var dataSource = PooledDataSource.Create(database.ConnectionString);
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(PooledDataSource.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        await using var command = dataSource.CreateCommand("SELECT 1");
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_connection_string_that_sets_auto_preparation_keeps_its_value()
    {
        await using var dataSource = PooledDataSource.Create(database.ConnectionString + ";Max Auto Prepare=5");

        Assert.Equal(5, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public async Task A_connection_returned_inside_a_transaction_is_rolled_back_before_its_next_use()
    {
        await using var dataSource = PooledDataSource.Create(database.ConnectionString + ";Maximum Pool Size=1");
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var transaction = await connection.BeginTransactionAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE pooled_rollback_probe (id int)", connection, transaction);
            await create.ExecuteNonQueryAsync();
        }

        await using var exists = dataSource.CreateCommand("SELECT to_regclass('pooled_rollback_probe') IS NOT NULL");
        Assert.Equal(false, await exists.ExecuteScalarAsync());
    }
}
