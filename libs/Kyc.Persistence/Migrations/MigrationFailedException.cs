using Npgsql;

namespace Kyc.Persistence.Migrations;

/// <summary>A script failed on the server; its transaction (changes and history row) was rolled back and later scripts were not run.</summary>
public sealed class MigrationFailedException(string source, int version, string origin, PostgresException error)
    : MigrationException(
        source,
        version,
        origin,
        $"Migration {source} V{version} ('{origin}') failed and was rolled back: {error.SqlState} {error.MessageText}",
        error);
