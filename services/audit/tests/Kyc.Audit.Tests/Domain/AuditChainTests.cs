using System.Security.Cryptography;
using System.Text;
using Kyc.Audit.Domain.Chain;
using Kyc.Audit.Domain.Log;
using Kyc.Audit.Tests.Support;
using Xunit;

namespace Kyc.Audit.Tests.Domain;

public sealed class AuditChainTests
{
    private static AuditEntry Entry(string data = "{\"a\": 1}", string? subject = "eu-1") =>
        new(Guid.Parse("0193f7a2-0000-7000-8000-000000000001"), "kyc.onboarding.case.created.v1", "/onboarding", subject, "partner-a",
            "req-1", null, null, new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(1234567),
            new DateTimeOffset(2025, 3, 14, 9, 26, 54, TimeSpan.Zero), "kyc.onboarding.events", 2, 41, data);

    [Fact]
    public void The_first_row_links_to_32_zero_bytes_and_hashes_prev_hash_then_the_canonical_content()
    {
        var row = AuditChain.Append(0, AuditChain.Genesis, Entry());

        Assert.Equal(1, row.Seq);
        Assert.Equal(new byte[32], row.PrevHash);
        Assert.Equal(SHA256.HashData([.. new byte[32], .. AuditChain.CanonicalContent(1, Entry())]), row.Hash);
    }

    [Fact]
    public void The_canonical_content_is_length_prefixed_utf8_fields_in_a_fixed_order_with_null_as_ffffffff()
    {
        var content = AuditChain.CanonicalContent(7, Entry(subject: null));

        var fields = Decode(content);
        Assert.Equal(
            [
                "kyc.audit.chain.v1", "7", "0193f7a2-0000-7000-8000-000000000001", "kyc.onboarding.case.created.v1", "/onboarding", null,
                "partner-a", "req-1", null, null, "1741944413123456", "1741944414000000", "kyc.onboarding.events", "2", "41", "{\"a\": 1}",
            ],
            fields);
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_so_a_row_hashes_the_same_after_a_database_round_trip()
    {
        var entry = Entry();

        Assert.Equal(0, entry.OccurredAt.Ticks % 10);
        Assert.Equal(TimeSpan.Zero, entry.OccurredAt.Offset);
        Assert.Equal(AuditChain.Hash(AuditChain.Genesis, 1, entry), AuditChain.Hash(AuditChain.Genesis, 1, Entry()));
    }

    [Fact]
    public void Every_field_of_the_row_changes_the_hash()
    {
        var baseline = AuditChain.Hash(AuditChain.Genesis, 1, Entry());
        var e = Entry();
        AuditEntry[] variants =
        [
            new(Guid.NewGuid(), e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, "x", e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, "/x", e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, "", e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, "partner-b", e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, null, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, "t", e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, "s", e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt.AddTicks(10), e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt.AddTicks(10), e.Topic, e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, "t", e.Partition, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, 3, e.Offset, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, 42, e.Data),
            new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, "{\"a\": 2}"),
        ];

        Assert.All(variants, v => Assert.NotEqual(baseline, AuditChain.Hash(AuditChain.Genesis, 1, v)));
        Assert.NotEqual(baseline, AuditChain.Hash(AuditChain.Genesis, 2, e));
        Assert.NotEqual(baseline, AuditChain.Hash(Enumerable.Repeat((byte)1, 32).ToArray(), 1, e));
    }

    [Fact]
    public void Length_prefixes_keep_field_boundaries_apart()
    {
        var e = Entry();
        var a = new AuditEntry(e.EventId, e.EventType, e.Source, "ab", "c", e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data);
        var b = new AuditEntry(e.EventId, e.EventType, e.Source, "a", "bc", e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, e.Data);

        Assert.NotEqual(AuditChain.Hash(AuditChain.Genesis, 1, a), AuditChain.Hash(AuditChain.Genesis, 1, b));
    }

    [Fact]
    public void A_walk_over_an_intact_chain_verifies_every_row()
    {
        var rows = Chain(5);
        var walk = new ChainWalk();

        Assert.All(rows, r => Assert.True(walk.Check(r)));
        walk.Finish(5);

        Assert.Null(walk.Break);
        Assert.Equal(5, walk.VerifiedRows);
        Assert.Equal(rows[^1].Hash, walk.LastHash.ToArray());
    }

    [Fact]
    public void A_changed_row_breaks_the_chain_at_that_row()
    {
        var rows = Chain(5);
        rows[2] = rows[2] with { Entry = rows[2].Entry.WithData("{\"a\": 999}") };

        var broken = Walk(rows);

        Assert.Equal(3, broken!.Seq);
        Assert.Equal(ChainBreakKind.HashMismatch, broken.Kind);
    }

    [Fact]
    public void A_changed_row_with_a_recomputed_hash_breaks_the_chain_at_the_next_row()
    {
        var rows = Chain(5);
        var changed = rows[2].Entry.WithData("{\"a\": 999}");
        rows[2] = rows[2] with { Entry = changed, Hash = AuditChain.Hash(rows[2].PrevHash, 3, changed) };

        var broken = Walk(rows);

        Assert.Equal(4, broken!.Seq);
        Assert.Equal(ChainBreakKind.PrevHashMismatch, broken.Kind);
    }

    [Fact]
    public void A_removed_row_breaks_the_chain_where_it_is_missing()
    {
        var rows = Chain(5);
        rows.RemoveAt(1);

        var broken = Walk(rows);

        Assert.Equal(2, broken!.Seq);
        Assert.Equal(ChainBreakKind.MissingRow, broken.Kind);
    }

    [Fact]
    public void A_chain_rewritten_with_recomputed_hashes_or_cut_at_the_end_fails_its_anchor()
    {
        var rows = Chain(5);
        var anchor = new ChainAnchor(4, rows[3].Hash);
        var rewritten = new List<AuditRecord>();
        foreach (var row in rows)
        {
            var entry = row.Seq == 2 ? row.Entry.WithData("{\"a\": 999}") : row.Entry;
            rewritten.Add(AuditChain.Append(row.Seq - 1, rewritten.Count == 0 ? AuditChain.Genesis : rewritten[^1].Hash, entry));
        }

        Assert.Null(Walk(rewritten));
        var broken = Walk(rewritten, anchor);
        Assert.Equal((4, ChainBreakKind.AnchorMismatch), (broken!.Seq, broken.Kind));

        var cut = Walk(rows.Take(3).ToList(), anchor);
        Assert.Equal((4, ChainBreakKind.AnchorMismatch), (cut!.Seq, cut.Kind));
        Assert.Null(Walk(rows, anchor));
    }

    private static List<AuditRecord> Chain(int n)
    {
        var rows = new List<AuditRecord>();
        for (var i = 0; i < n; i++)
            rows.Add(AuditChain.Append(i, i == 0 ? AuditChain.Genesis : rows[^1].Hash, Entries.CaseCreated(offset: i)));
        return rows;
    }

    private static ChainBreak? Walk(List<AuditRecord> rows, ChainAnchor? anchor = null)
    {
        var walk = new ChainWalk(anchor);
        foreach (var row in rows)
        {
            if (!walk.Check(row)) break;
        }
        walk.Finish();
        return walk.Break;
    }

    private static List<string?> Decode(byte[] content)
    {
        var fields = new List<string?>();
        for (var i = 0; i < content.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(i, 4));
            i += 4;
            if (length == uint.MaxValue)
            {
                fields.Add(null);
                continue;
            }
            fields.Add(Encoding.UTF8.GetString(content, i, (int)length));
            i += (int)length;
        }
        return fields;
    }
}
