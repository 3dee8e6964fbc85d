using Kyc.OutboxRelay;
using Kyc.Web;

// outbox-relay: no business API. The worker publishes outbox rows; the host serves /health/live, /health/ready and /metrics.
var builder = WebApplication.CreateBuilder(args);
builder.AddKycWebDefaults("outbox-relay", web => web.Auth.Enabled = false);
builder.Services.AddOutboxRelay(builder.Configuration);

var app = builder.Build();
app.UseKycWebDefaults();
app.MapKycHealthAndMetrics();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
