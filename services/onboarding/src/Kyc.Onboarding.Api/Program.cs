using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Kyc.Onboarding.Api;
using Kyc.Onboarding.Api.Endpoints;
using Kyc.Onboarding.Api.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.AddParty;
using Kyc.Onboarding.Application.Cases.CreateCase;
using Kyc.Onboarding.Application.Cases.DecideCase;
using Kyc.Onboarding.Application.Cases.GetCase;
using Kyc.Onboarding.Application.Cases.ListCases;
using Kyc.Onboarding.Application.Cases.RemoveParty;
using Kyc.Onboarding.Application.Cases.RequestInfo;
using Kyc.Onboarding.Application.Cases.StartReview;
using Kyc.Onboarding.Application.Cases.SubmitCase;
using Kyc.Onboarding.Application.Cases.UpdateCase;
using Kyc.Onboarding.Application.Cases.UpdateParty;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Infrastructure;
using Kyc.Web;
using Kyc.Web.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddKycWebDefaults("onboarding");
builder.Services.AddKycErrors([.. OnboardingErrors.All]);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    o.SerializerOptions.PropertyNameCaseInsensitive = false;
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
});
builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<OnboardingOpenApi>().AddSchemaTransformer<OnboardingOpenApi>());

SnakeCaseNames.Configure();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IValidator<CompanyInput>, CompanyInputValidator>();
builder.Services.AddSingleton<IValidator<PartyInput>, PartyInputValidator>();
builder.Services.AddSingleton<CreateCaseHandler>();
builder.Services.AddSingleton<GetCaseHandler>();
builder.Services.AddSingleton<ListCasesHandler>();
builder.Services.AddSingleton<UpdateCaseHandler>();
builder.Services.AddSingleton<SubmitCaseHandler>();
builder.Services.AddSingleton<AddPartyHandler>();
builder.Services.AddSingleton<UpdatePartyHandler>();
builder.Services.AddSingleton<RemovePartyHandler>();
builder.Services.AddSingleton<StartReviewHandler>();
builder.Services.AddSingleton<RequestInfoHandler>();
builder.Services.AddSingleton<DecideCaseHandler>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<ICorrelationContext, HttpCorrelationContext>();
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
