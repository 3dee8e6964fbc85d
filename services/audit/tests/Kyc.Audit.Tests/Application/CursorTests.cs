using Kyc.Audit.Application.Events;
using Xunit;

namespace Kyc.Audit.Tests.Application;

public sealed class CursorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(987_654_321_012)]
    public void A_cursor_round_trips_the_last_seq(long seq)
    {
        var cursor = EventCursor.Encode(seq);

        Assert.True(EventCursor.TryDecode(cursor, out var decoded));
        Assert.Equal(seq, decoded);
        Assert.DoesNotContain('=', cursor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("c2VxOi0x")]      // seq:-1
    [InlineData("c2VxOg")]        // seq:
    [InlineData("!!!")]
    public void Anything_else_is_not_a_cursor(string cursor) => Assert.False(EventCursor.TryDecode(cursor, out _));
}
