using System.Security.Cryptography;
using System.Text;
using Kyc.Persistence.Idempotency;
using Xunit;

namespace Kyc.Persistence.Tests.Idempotency;

public sealed class IdempotencyRequestHashTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"legal_name":"Acme GmbH"}""");

    [Fact]
    public void The_hash_is_sha256_hex_over_method_path_and_raw_body()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("POST\n/v1/onboarding/cases\n").Concat(Body).ToArray()));

        Assert.Equal(expected, IdempotencyRequestHash.Compute("POST", "/v1/onboarding/cases", Body));
    }

    [Fact]
    public void The_same_request_gives_the_same_hash_and_the_method_is_case_insensitive() =>
        Assert.Equal(
            IdempotencyRequestHash.Compute("POST", "/v1/onboarding/cases", Body),
            IdempotencyRequestHash.Compute("post", "/v1/onboarding/cases", Body.ToArray()));

    [Fact]
    public void Another_path_or_body_gives_another_hash()
    {
        var original = IdempotencyRequestHash.Compute("POST", "/v1/onboarding/cases", Body);

        Assert.NotEqual(original, IdempotencyRequestHash.Compute("POST", "/v1/documents", Body));
        Assert.NotEqual(original, IdempotencyRequestHash.Compute("POST", "/v1/onboarding/cases", Encoding.UTF8.GetBytes("""{"legal_name": "Acme GmbH"}""")));
    }
}
