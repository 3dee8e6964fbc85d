using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kyc.Testing;

/// <summary>What a test OAuth client may do: its tenant, the scopes it may ask for, its roles, its token lifetime.</summary>
public sealed record ClientSpec(string PartnerId, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Roles = null, int AccessTokenTtlSeconds = 300)
{
    internal string Key => $"{PartnerId}|{string.Join(' ', Scopes)}|{string.Join(' ', Roles ?? [])}|{AccessTokenTtlSeconds}";
}

public sealed record RegisteredClient(string ClientId, string ClientSecret);

/// <summary>
/// Real access tokens from the stack's OpenID Connect provider (infra/local/oidc), obtained the way a partner
/// does: a client registered through dynamic client registration, then the client_credentials grant.
/// </summary>
public static class TestTokens
{
    public const string OperatorRole = "operator";
    private const string AudiencePrefix = "urn:audience:"; // see infra/local/oidc/README.md
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly ConcurrentDictionary<string, Lazy<Task<RegisteredClient>>> Clients = new();
    private static readonly Lazy<Task<Discovery>> Metadata = new(LoadDiscoveryAsync);

    public static Task<string> ForPartnerAsync(string partnerId, params string[] scopes) =>
        GetAsync(new ClientSpec(partnerId, scopes));

    public static Task<string> ForOperatorAsync(params string[] scopes) =>
        GetAsync(new ClientSpec("platform-operators", scopes, [OperatorRole]));

    /// <summary>A token for <paramref name="spec"/>; <paramref name="audience"/> other than the API's gives a wrong-audience token.</summary>
    public static async Task<string> GetAsync(ClientSpec spec, string? audience = null)
    {
        var client = await Clients.GetOrAdd(spec.Key, _ => new Lazy<Task<RegisteredClient>>(() => RegisterClientAsync(spec))).Value;
        return await RequestTokenAsync(client, spec.Scopes, audience ?? StackSettings.OidcAudience);
    }

    public static async Task<RegisteredClient> RegisterClientAsync(ClientSpec spec)
    {
        var discovery = await Metadata.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, discovery.RegistrationEndpoint)
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["client_name"] = $"test client for {spec.PartnerId}",
                ["grant_types"] = new[] { "client_credentials" },
                ["response_types"] = Array.Empty<string>(),
                ["token_endpoint_auth_method"] = "client_secret_basic",
                ["scope"] = string.Join(' ', spec.Scopes),
                ["partner_id"] = spec.PartnerId,
                ["roles"] = spec.Roles ?? [],
                ["access_token_ttl"] = spec.AccessTokenTtlSeconds,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StackSettings.OidcRegistrationToken);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"client registration failed: {(int)response.StatusCode} {body}");
        var registered = JsonSerializer.Deserialize<Registration>(body)!;
        return new RegisteredClient(registered.ClientId, registered.ClientSecret);
    }

    public static async Task<string> RequestTokenAsync(RegisteredClient client, IEnumerable<string> scopes, string audience)
    {
        var discovery = await Metadata.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, discovery.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = string.Join(' ', scopes),
                ["resource"] = AudiencePrefix + audience,
            }),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token request failed: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<TokenResponse>(body)!.AccessToken;
    }

    private static async Task<Discovery> LoadDiscoveryAsync() =>
        (await Http.GetFromJsonAsync<Discovery>($"{StackSettings.OidcIssuer.TrimEnd('/')}/.well-known/openid-configuration"))!;

    private sealed record Discovery(
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("registration_endpoint")] string RegistrationEndpoint);

    private sealed record Registration(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_secret")] string ClientSecret);

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);
}
