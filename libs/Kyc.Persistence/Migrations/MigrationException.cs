namespace Kyc.Persistence.Migrations;

/// <summary>Base of the runner's refusals and failures; each names the source, version and script origin.</summary>
public abstract class MigrationException : Exception
{
    protected MigrationException(string source, int version, string origin, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SourceName = source;
        Version = version;
        Origin = origin;
    }

    public string SourceName { get; }

    public int Version { get; }

    public string Origin { get; }
}
