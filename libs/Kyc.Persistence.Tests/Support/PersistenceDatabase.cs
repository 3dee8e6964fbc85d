using Kyc.Persistence.Migrations;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyc.Persistence.Tests.Support;

/// <summary>A database of its own per test class, copied from a template that has the library's tables.</summary>
public sealed class PersistenceDatabase() : PostgresDatabase(Template)
{
    private static readonly TemplateDatabase Template = new(
        "kyc_persistence",
        string.Join(',', KycPersistenceMigrations.Source.Scripts.Select(s => $"{s.Version}:{s.Checksum}")),
        async connection => await MigrationRunner.ApplyAsync(connection, [KycPersistenceMigrations.Source], NullLogger.Instance));
}
