using Microsoft.Extensions.Logging;

namespace Kyc.Persistence.Migrations;

internal static partial class MigrationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Applied migration {Source} V{Version} ({Description}) from {Origin} in {ElapsedMs} ms")]
    public static partial void Applied(ILogger logger, string source, int version, string description, string origin, long elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Database schema is up to date: no pending migration")]
    public static partial void UpToDate(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Another instance is migrating this database; waiting for the migration lock")]
    public static partial void WaitingForLock(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Migration {Source} V{Version} is recorded as applied but its script is no longer in the source")]
    public static partial void AppliedScriptMissing(ILogger logger, string source, int version);
}
