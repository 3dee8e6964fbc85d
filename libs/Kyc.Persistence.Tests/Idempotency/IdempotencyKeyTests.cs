using Kyc.Persistence.Idempotency;
using Xunit;

namespace Kyc.Persistence.Tests.Idempotency;

public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")]
    public void Visible_ascii_keys_are_valid(string key) => Assert.True(IdempotencyKey.IsValidKey(key));

    [Fact]
    public void A_key_of_255_characters_is_valid_and_one_of_256_is_not()
    {
        Assert.True(IdempotencyKey.IsValidKey(new string('k', 255)));
        Assert.False(IdempotencyKey.IsValidKey(new string('k', 256)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("ключ")]
    [InlineData("caf\u00e9")]
    [InlineData("del\u007f")]
    public void Empty_keys_and_keys_with_spaces_control_or_non_ascii_characters_are_invalid(string? key) =>
        Assert.False(IdempotencyKey.IsValidKey(key));
}
