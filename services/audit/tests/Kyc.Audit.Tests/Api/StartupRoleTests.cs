using Kyc.Audit.Tests.Support;
using Kyc.Persistence.Roles;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Kyc.Audit.Tests.Api;

/// <summary>The service's start-up check of its database role (docs/security.md, "Database roles").</summary>
public sealed class StartupRoleTests
{
    [Fact]
    public async Task Outside_Development_the_service_refuses_to_start_with_the_owners_connection_as_its_runtime_connection()
    {
        var app = new OwnerRuntimeAuditApiFactory("Production");
        try
        {
            var refused = await Assert.ThrowsAsync<OwnerRightsAtRuntimeException>(app.InitializeAsync);

            Assert.Contains("'kyc' of Audit:Database:ConnectionString", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task In_Development_the_owners_connection_is_accepted_with_a_warning()
    {
        var app = new OwnerRuntimeAuditApiFactory("Development");
        try
        {
            await app.InitializeAsync();

            Assert.Contains(app.Logs.Entries, e => e.Message.Contains("Accepted in Development only", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_service_runs_as_its_runtime_role_which_holds_no_owner_rights()
    {
        var app = new AuditApiFactory();
        try
        {
            await app.InitializeAsync();

            Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 1101 && Equals(e.State.GetValueOrDefault("Role"), AuditApiFactory.RuntimeRole)
                && Equals(e.State.GetValueOrDefault("Setting"), "Audit:Database:ConnectionString"));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    /// <summary>The audit service given the owner's connection (the stack's kyc role) as its runtime connection, and no other.</summary>
    private sealed class OwnerRuntimeAuditApiFactory(string environment) : AuditApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.UseSetting("Audit:Database:MigrationsConnectionString", "");
            builder.UseSetting("Audit:Database:ConnectionString", Database.ConnectionString);
            // Outside Development token metadata must be fetched over HTTPS (never here: no request is made).
            builder.UseSetting("Auth:Authority", "https://oidc.invalid");
            builder.UseSetting("Auth:RequireHttpsMetadata", "true");
        }
    }
}
