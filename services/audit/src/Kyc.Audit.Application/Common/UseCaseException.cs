namespace Kyc.Audit.Application.Common;

/// <summary>A use case refused a request. <see cref="Code"/> is the stable error code callers see (docs/api/error-catalog.md).</summary>
public sealed class UseCaseException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

public static class UseCaseErrors
{
    public const string ValidationFailed = "validation_failed";
    public const string EventNotFound = "audit_event_not_found";
    public const string ReplayJobNotFound = "replay_job_not_found";
    public const string ReplayJobFinished = "replay_job_finished";
}

/// <summary>Collects field errors (keyed by the request's field or query parameter name) and throws them together.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"At most {max} characters.");
    }

    public void NotBlank(string field, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value)) Add(field, "Must not be blank.");
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new UseCaseException(UseCaseErrors.ValidationFailed, "The request has invalid fields.",
                _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}

public static class Clock
{
    /// <summary>Now, to the microsecond: what PostgreSQL stores.</summary>
    public static DateTimeOffset Now(this TimeProvider clock) => Kyc.Audit.Domain.Log.Microseconds.Truncate(clock.GetUtcNow());
}

/// <summary>Bounds shared by searches and replay filters.</summary>
public static class SearchLimits
{
    public const int MaxFilterLength = 200;
}
