using Kyc.Audit.Application.Verification;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Audit.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Audit.Tests.Persistence;

/// <summary>
/// The database refuses to change the log, and a change made anyway (triggers disabled by the owner) is found by
/// verification at the first broken row. Each test has a database of its own with a chain of 10 rows.
/// </summary>
public sealed class ImmutabilityTests : IAsyncLifetime
{
    private readonly AuditDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Entries.CaseCreated(offset: i, correlationId: $"req-{i}"))]);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private Task<VerificationResult> VerifyAsync(long? anchorSeq = null, string? anchorHash = null) =>
        new VerifyChainHandler(new PostgresAuditLog(_db.DataSource), TimeProvider.System) { ChunkSize = 3 }
            .HandleAsync(new VerifyChainCommand(anchorSeq, anchorHash), CancellationToken.None);

    [Theory]
    [InlineData("UPDATE audit_log SET partner_id = 'someone-else' WHERE seq = 4", "UPDATE")]
    [InlineData("UPDATE audit_log SET data = '{}'", "UPDATE")]
    [InlineData("DELETE FROM audit_log WHERE seq = 10", "DELETE")]
    [InlineData("DELETE FROM audit_log", "DELETE")]
    [InlineData("TRUNCATE audit_log", "TRUNCATE")]
    public async Task The_database_refuses_to_update_delete_or_truncate_the_log_even_for_its_owner(string sql, string operation)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal($"audit_log is append-only: {operation} refused", error.MessageText);
        Assert.Equal(10, await _db.ScalarAsync("SELECT count(*) FROM audit_log"));
        Assert.True((await VerifyAsync()).Verified);
    }

    [Fact]
    public async Task A_row_changed_behind_the_triggers_back_is_reported_as_the_first_broken_link()
    {
        await _db.TamperAsync("UPDATE audit_log SET partner_id = 'someone-else' WHERE seq = 6");

        var result = await VerifyAsync();

        Assert.False(result.Verified);
        Assert.Equal(6, result.FirstBrokenSeq);
        Assert.Equal("hash_mismatch", result.BreakKind);
        Assert.Equal(5, result.VerifiedRows);
        Assert.Equal(5, result.LastSeq);
        Assert.Contains("row 6's hash does not match its content", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_the_data_alone_is_found_too()
    {
        await _db.TamperAsync("UPDATE audit_log SET data = jsonb_set(data, '{version}', '2') WHERE seq = 3");

        var result = await VerifyAsync();

        Assert.Equal((3L, "hash_mismatch"), (result.FirstBrokenSeq!.Value, result.BreakKind!));
    }

    [Fact]
    public async Task A_changed_row_whose_hash_was_recomputed_breaks_the_link_of_the_next_row()
    {
        await _db.TamperAsync(
            "UPDATE audit_log SET correlation_id = 'forged' WHERE seq = 4; " +
            "UPDATE audit_log a SET hash = audit_row_hash(a) WHERE seq = 4");

        var result = await VerifyAsync();

        Assert.Equal((5L, "prev_hash_mismatch"), (result.FirstBrokenSeq!.Value, result.BreakKind!));
    }

    [Fact]
    public async Task A_row_deleted_from_the_middle_is_reported_as_missing()
    {
        await _db.TamperAsync("DELETE FROM audit_log WHERE seq = 7");

        var result = await VerifyAsync();

        Assert.Equal((7L, "missing_row"), (result.FirstBrokenSeq!.Value, result.BreakKind!));
        Assert.Equal(6, result.VerifiedRows);
    }

    [Fact]
    public async Task Rows_removed_at_the_end_are_found_with_an_anchor_noted_earlier()
    {
        var before = await VerifyAsync();
        await _db.TamperAsync("DELETE FROM audit_log WHERE seq >= 9");

        Assert.True((await VerifyAsync()).Verified); // without an anchor a shorter chain looks whole
        var result = await VerifyAsync(before.LastSeq, before.LastHash);

        Assert.Equal((9L, "anchor_mismatch"), (result.FirstBrokenSeq!.Value, result.BreakKind!));
    }

    [Fact]
    public async Task A_chain_rewritten_from_a_row_on_with_recomputed_hashes_fails_its_anchor()
    {
        var before = await VerifyAsync();
        await _db.TamperAsync(
            "UPDATE audit_log SET partner_id = 'someone-else' WHERE seq = 8; " +
            "UPDATE audit_log a SET hash = audit_row_hash(a) WHERE seq = 8; " +
            "UPDATE audit_log a SET prev_hash = (SELECT hash FROM audit_log WHERE seq = 8) WHERE seq = 9; " +
            "UPDATE audit_log a SET hash = audit_row_hash(a) WHERE seq = 9; " +
            "UPDATE audit_log a SET prev_hash = (SELECT hash FROM audit_log WHERE seq = 9) WHERE seq = 10; " +
            "UPDATE audit_log a SET hash = audit_row_hash(a) WHERE seq = 10");

        Assert.True((await VerifyAsync()).Verified);
        var result = await VerifyAsync(before.LastSeq, before.LastHash);

        Assert.Equal((10L, "anchor_mismatch"), (result.FirstBrokenSeq!.Value, result.BreakKind!));
    }

    [Fact]
    public async Task The_documented_sql_check_finds_the_same_first_broken_row()
    {
        await _db.TamperAsync("UPDATE audit_log SET event_type = 'kyc.onboarding.case.approved.v1' WHERE seq = 5");

        // docs/services/audit.md, "The audit chain is broken": the check with SQL alone.
        var first = await _db.ScalarAsync(
            """
            SELECT seq FROM (
              SELECT seq, prev_hash, hash, audit_row_hash(a) AS recomputed,
                     lag(seq) OVER (ORDER BY seq) AS previous_seq, lag(hash) OVER (ORDER BY seq) AS previous_hash
              FROM audit_log a) c
            WHERE seq <> coalesce(previous_seq, 0) + 1
               OR prev_hash <> coalesce(previous_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
               OR hash <> recomputed
            ORDER BY seq LIMIT 1
            """);

        Assert.Equal(5, first);
        Assert.Equal(5, (await VerifyAsync()).FirstBrokenSeq);
    }
}
