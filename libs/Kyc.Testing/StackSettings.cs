namespace Kyc.Testing;

/// <summary>
/// Where the servers that the test command started are listening. The values come from the environment
/// variables that infra/local/stack.sh writes to stack.env and infra/local/test.sh exports; a missing one is
/// a failure, never a reason to skip: tests run through <c>./dev test</c>.
/// </summary>
public static class StackSettings
{
    public static string PostgresConnection => Required("KYC_PG_CONNECTION");
    /// <summary>
    /// A connection to <paramref name="database"/> as one of the stack's service roles (<c>kyc_audit_app</c>,
    /// <c>kyc_onboarding_app</c>, <c>kyc_relay</c>, ...; infra/local/stack.sh, docs/security.md), e.g. the runtime role a
    /// service under test runs as.
    /// </summary>
    public static string PostgresConnectionAs(string role, string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnection)
        {
            Username = role,
            Password = Required($"KYC_PG_{role["kyc_".Length..].ToUpperInvariant()}_PASSWORD"),
            Database = database,
        }.ConnectionString;

    public static string Redis => Required("KYC_REDIS");
    public static string KafkaBootstrap => Required("KYC_KAFKA_BOOTSTRAP");
    public static string OidcIssuer => Required("KYC_OIDC_ISSUER");
    public static string OidcAudience => Required("KYC_OIDC_AUDIENCE");
    public static string OidcRegistrationToken => Required("KYC_OIDC_REGISTRATION_TOKEN");

    /// <summary>The OIDC provider's private signing key (a JWK set), for tests that must sign a token the way it does.</summary>
    public static string OidcSigningKeyFile => Path.Combine(Required("KYC_STACK_DIR"), "oidc", "signing-key.json");
    public static (string Host, int Port) Clamd => HostPort(Required("KYC_CLAMD"));
    public static Uri S3Endpoint => new(Required("KYC_S3_ENDPOINT"));
    public static string S3AccessKey => Required("KYC_S3_ACCESS_KEY");
    public static string S3SecretKey => Required("KYC_S3_SECRET_KEY");
    public static string S3Bucket => Required("KYC_S3_BUCKET");
    public static Uri GatewayUrl => new(Required("KYC_GATEWAY_URL"));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Tests talk to real servers started by the test command: run ./dev test " +
                "(or source the stack.env of a running stack, see docs/development.md).");

    private static (string, int) HostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return (value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
