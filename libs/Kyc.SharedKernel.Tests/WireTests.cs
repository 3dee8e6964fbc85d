using Xunit;

namespace Kyc.SharedKernel.Tests;

/// <summary>The wire names of a vocabulary are its members in snake_case, both ways, and nothing else reads as a value.</summary>
public sealed class WireTests
{
    private enum Status
    {
        Draft,
        InReview,
        InfoRequested,
    }

    [Fact]
    public void Members_are_named_in_snake_case_in_their_order() =>
        Assert.Equal(["draft", "in_review", "info_requested"], Wire.Names<Status>());

    [Theory]
    [InlineData("in_review", true)]
    [InlineData("InReview", false)]
    [InlineData("in-review", false)]
    [InlineData("IN_REVIEW", false)]
    [InlineData(null, false)]
    public void Only_a_wire_name_reads_as_a_value(string? name, bool known) => Assert.Equal(known, Wire.TryParse<Status>(name, out _));

    [Fact]
    public void A_name_reads_back_as_its_value_and_an_unknown_one_is_a_format_error()
    {
        Assert.All(Enum.GetValues<Status>(), s => Assert.Equal(s, Wire.Parse<Status>(Wire.Name(s))));
        Assert.Throws<FormatException>(() => Wire.Parse<Status>("archived"));
        Assert.Equal("Must be one of: draft, in_review, info_requested.", Wire.OneOf<Status>());
    }
}
