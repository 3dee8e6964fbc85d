using System.Net.Http.Headers;
using Kyc.Messaging.DeadLetters;
using Kyc.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Audit.Tests.Support;

/// <summary>
/// The audit service on the in-memory test server, per test class (an xunit class fixture): a database of its own (a
/// copy of the migrated template), the stack's Kafka, tokens from the stack's OIDC provider. Its consumer group and
/// topic pattern are unique to the class: the pattern <c>^kyc\.t&lt;random&gt;\..*\.events$</c> matches only this class's
/// topics (<see cref="Topic"/>), never another test's on the shared broker. The consumer is off unless a subclass turns
/// it on; the replay worker runs, polling every 200 ms.
/// </summary>
public class AuditApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public AuditDatabase Database { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public const string RuntimeRole = "kyc_audit_app";

    /// <summary>The class's own topic namespace: topics <c>test.&lt;namespace&gt;.&lt;producer&gt;.events</c>, never matched by the platform's audit service (<c>^kyc\..*\.events$</c>) running alongside the tests.</summary>
    public string Namespace { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    public string TopicPattern => $@"^test\.{Namespace}\..*\.events$";

    public string ConsumerGroup { get; } = UniqueNames.GroupId("kyc-audit");

    public string DeadLetterTopic => DeadLetterTopics.For(ConsumerGroup);

    public string Topic(string producer) => $"test.{Namespace}.{producer}.events";

    protected virtual bool ConsumerEnabled => false;

    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The stack's OpenID Connect stand-in serves plain HTTP, which only Development accepts (docs/security.md).
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string>
        {
            // As in production (docs/security.md): the owner (the stack's kyc role, which made the copy) migrates and grants,
            // the service runs as the stack's runtime role kyc_audit_app.
            ["Audit:Database:MigrationsConnectionString"] = Database.ConnectionString,
            ["Audit:Database:ConnectionString"] = StackSettings.PostgresConnectionAs(RuntimeRole, Database.Name),
            ["Audit:MigrationsDirectory"] = Repo.MigrationsDirectory,
            ["Audit:ConsumerGroup"] = ConsumerGroup,
            ["Audit:TopicPattern"] = TopicPattern,
            ["Audit:ProducerTopicFormat"] = Topic("{producer}"),
            ["Audit:Consumer:Enabled"] = ConsumerEnabled ? "true" : "false",
            ["Audit:Consumer:MaxAttempts"] = "3",
            ["Audit:Consumer:RetryBaseDelay"] = "00:00:00.050",
            ["Audit:Consumer:RetryMaxDelay"] = "00:00:00.200",
            ["Audit:Consumer:CommitInterval"] = "00:00:00.200",
            ["Audit:Consumer:Properties:topic.metadata.refresh.interval.ms"] = "500",
            ["Audit:Replay:PollInterval"] = "00:00:00.200",
            ["Audit:Replay:RetryDelay"] = "00:00:00.100",
            ["Kafka:BootstrapServers"] = StackSettings.KafkaBootstrap,
            ["Auth:Authority"] = StackSettings.OidcIssuer,
            ["Auth:Audience"] = StackSettings.OidcAudience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:ClockSkewSeconds"] = "0",
            ["Serilog:WriteTo:Console:Args:restrictedToMinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        // UseSetting (not ConfigureAppConfiguration): Program reads these while building its services, before Build().
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _ = Server; // starts the host: migrations run now, not in the first test
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An operator with audit:read and audit:replay (or the given scopes).</summary>
    public async Task<AuditClient> OperatorAsync(params string[] scopes) =>
        new(ClientWithToken(await TestTokens.ForOperatorAsync(scopes.Length > 0 ? scopes : ["audit:read", "audit:replay"])));

    /// <summary>A partner's client (not an operator), even with the audit scopes.</summary>
    public async Task<AuditClient> PartnerAsync() =>
        new(ClientWithToken(await TestTokens.ForPartnerAsync("partner-audit-probe", "audit:read", "audit:replay")));
}

/// <summary>The audit service with its kyc-audit consumer group running (on this class's topic pattern).</summary>
public class ConsumingAuditApiFactory : AuditApiFactory
{
    protected override bool ConsumerEnabled => true;
}

/// <summary>
/// The consumer running with a batch linger (200 ms) long enough that events produced together are read into one batch
/// transaction, so tests can put a poison message or a duplicate into a batch on purpose.
/// </summary>
public class BatchingAuditApiFactory : ConsumingAuditApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Audit:Consumer:BatchLinger"] = "00:00:00.200",
    };

    /// <summary>The value of one series on the service's <c>/metrics</c> (0 when it is not there yet).</summary>
    public async Task<double> MetricAsync(string name, params string[] labels)
    {
        using var client = ClientWithToken(null);
        return PrometheusSamples.Value(await client.GetStringAsync("/metrics"), name, labels) ?? 0;
    }
}

/// <summary>Replay jobs published one event per batch with a pause: slow enough to watch and cancel.</summary>
public class ThrottledReplayApiFactory : AuditApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Audit:Replay:BatchSize"] = "1",
        ["Audit:Replay:PauseBetweenBatches"] = "00:00:00.250",
    };
}
