using Xunit;

namespace Kyc.SharedKernel.Tests;

/// <summary>If-Match as RFC 9110 13.1.1 reads it: a list of entity tags compared strongly, or <c>*</c>.</summary>
public sealed class IfMatchTests
{
    [Theory]
    [InlineData("\"7\"")]
    [InlineData("\"6\", \"7\"")]
    [InlineData("\"6\",\"7\"")]
    [InlineData("W/\"6\", \"7\"")]
    [InlineData("\"a,b\", \"7\"")]
    [InlineData("*")]
    [InlineData(" * ")]
    public void A_list_holding_the_current_strong_tag_or_a_star_is_met(string value) =>
        Assert.True(IfMatch.Parse(value).IsMetBy("\"7\""));

    [Theory]
    [InlineData("\"6\"")]
    [InlineData("W/\"7\"")]
    [InlineData("\"6\" \"7\"")]
    [InlineData("7")]
    [InlineData("\"7")]
    [InlineData("\"6\", 7")]
    public void A_list_without_the_current_strong_tag_or_no_list_at_all_is_not_met(string value) =>
        Assert.False(IfMatch.Parse(value).IsMetBy("\"7\""));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_header_is_no_condition(string? value)
    {
        var condition = IfMatch.Parse(value);

        Assert.True(condition.IsNone);
        Assert.True(condition.IsMetBy("\"1\""));
    }

    [Fact]
    public void A_condition_not_met_is_refused_with_precondition_failed()
    {
        var refused = Assert.Throws<CodedException>(() => IfMatch.Parse("\"1\"").Check("\"2\"", "stale"));

        Assert.Equal(CommonErrors.PreconditionFailed, refused.Error);
        Assert.Equal("stale", refused.Detail);
    }
}
