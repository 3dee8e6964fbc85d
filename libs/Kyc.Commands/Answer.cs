namespace Kyc.Commands;

/// <summary>What a command answers: status, JSON body, and the Location and ETag headers. Stored with an Idempotency-Key.</summary>
public sealed record Answer(int Status, object? Body, string? Location = null, string? ETag = null)
{
    public static Answer Ok(object body) => new(200, body);

    public static Answer Created(object body, string location) => new(201, body, location);

    public static Answer Accepted(object body, string location) => new(202, body, location);

    public static Answer NoContent() => new(204, null);
}
