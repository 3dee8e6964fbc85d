namespace Kyc.SharedKernel;

/// <summary>Collects messages per field (the request's field or query parameter name) and refuses them together.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        if (!messages.Contains(message)) messages.Add(message);
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"At most {max} characters.");
    }

    /// <summary>Throws <see cref="CommonErrors.ValidationFailed"/> with every message when there is any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw Failed(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    public static CodedException Failed(IReadOnlyDictionary<string, string[]> errors) =>
        new(CommonErrors.ValidationFailed, "The request has invalid fields.", errors);
}
