using Kyc.Commands;
using Kyc.Onboarding.Api.Endpoints;
using Kyc.Onboarding.Api.Http;
using Kyc.Onboarding.Application.Cases.CreateCase;
using Kyc.Onboarding.Domain;
using Kyc.Onboarding.Infrastructure;
using Kyc.Web;
using Kyc.Web.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddKycWebDefaults("onboarding");
builder.Services.AddKycErrors([.. OnboardingErrors.All]);
builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<OnboardingOpenApi>().AddSchemaTransformer<OnboardingOpenApi>());

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddKycCommands(typeof(CreateCaseHandler).Assembly);
builder.Services.AddOnboardingInfrastructure(builder.Configuration);
builder.Services.AddHealthChecks().AddRegionDatabases();

var app = builder.Build();
if (args is ["migrate"])
{
    // The migration step (docs/security.md): migrations and grants as the owner, then exit; the service runs without the owner's connection.
    await app.Services.MigrateOnboardingDatabasesAsync(app.Configuration, app.Environment.IsDevelopment(), serving: false);
    return;
}
await app.Services.MigrateOnboardingDatabasesAsync(app.Configuration, app.Environment.IsDevelopment());
app.UseKycWebDefaults();
app.MapKycHealthAndMetrics();
app.MapOpenApi("/openapi/{documentName}.yaml").AllowAnonymous();
app.MapCases();
app.MapParties();
app.MapReview();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
