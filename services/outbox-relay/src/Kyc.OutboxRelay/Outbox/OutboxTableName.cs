using System.Text.RegularExpressions;

namespace Kyc.OutboxRelay.Outbox;

/// <summary>
/// A table name from configuration, checked and quoted before it goes into SQL: <c>outbox</c> or <c>schema.outbox</c>,
/// each part a plain identifier (letters, digits, underscore), folded to lower case as PostgreSQL folds unquoted names.
/// </summary>
public sealed partial record OutboxTableName(string? Schema, string Table)
{
    /// <summary>The name as configured (<c>outbox</c>, <c>onboarding.outbox</c>): part of the leader lock key.</summary>
    public string Display => Schema is null ? Table : $"{Schema}.{Table}";

    /// <summary>The quoted name for SQL text.</summary>
    public string Sql => Schema is null ? Quote(Table) : $"{Quote(Schema)}.{Quote(Table)}";

    public static OutboxTableName Parse(string name)
    {
        var match = NamePattern().Match(name ?? "");
        if (!match.Success)
            throw new InvalidOperationException($"'{name}' is not a table name the relay accepts: use identifier or schema.identifier (letters, digits, underscore).");
        var table = match.Groups["table"].Value.ToLowerInvariant();
        return match.Groups["schema"].Success
            ? new OutboxTableName(match.Groups["schema"].Value.ToLowerInvariant(), table)
            : new OutboxTableName(null, table);
    }

    private static string Quote(string identifier) => $"\"{identifier}\"";

    [GeneratedRegex("^(?:(?<schema>[A-Za-z_][A-Za-z0-9_]{0,62})\\.)?(?<table>[A-Za-z_][A-Za-z0-9_]{0,62})$")]
    private static partial Regex NamePattern();
}
