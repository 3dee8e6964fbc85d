using Kyc.Audit.Api.Endpoints;
using Kyc.Audit.Api.Http;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Application.ReplayJobs;
using Kyc.Audit.Application.Verification;
using Kyc.Audit.Domain;
using Kyc.Commands;
using Kyc.Audit.Infrastructure;
using Kyc.Messaging.Consuming;
using Kyc.Web;
using Kyc.Web.Health;
using Kyc.Web.Problems;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.AddKycWebDefaults("audit");
builder.Services.AddKycErrors([.. AuditErrors.All]);
builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<AuditOpenApi>().AddSchemaTransformer<AuditOpenApi>());

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAuditInfrastructure(builder.Configuration);
builder.Services.AddSingleton(sp => new VerifyChainHandler(sp.GetRequiredService<IAuditLog>(), TimeProvider.System)
{
    ChunkSize = builder.Configuration.GetValue("Audit:Verify:ChunkSize", VerifyChainHandler.DefaultChunkSize),
});
builder.Services.AddKycCommands(typeof(CreateReplayJobHandler).Assembly);
builder.Services.AddHealthChecks()
    .AddNpgsql("postgres", sp => sp.GetRequiredService<NpgsqlDataSource>())
    .AddKafkaConsumers([HealthChecksBuilderExtensions.ReadyTag]);

var app = builder.Build();
if (args is ["migrate"])
{
    // The migration step (docs/security.md): migrations and grants as the owner, then exit; the service runs without the owner's connection.
    await app.Services.MigrateAuditDatabaseAsync(app.Configuration, app.Environment.IsDevelopment(), serving: false);
    return;
}
await app.Services.MigrateAuditDatabaseAsync(app.Configuration, app.Environment.IsDevelopment());
app.UseKycWebDefaults();
app.MapKycHealthAndMetrics();
app.MapOpenApi("/openapi/{documentName}.yaml").AllowAnonymous();
app.MapAuditEvents();
app.MapReplayJobs();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
