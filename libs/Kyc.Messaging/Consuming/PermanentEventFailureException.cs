namespace Kyc.Messaging.Consuming;

/// <summary>
/// Thrown by a handler when the event can never be processed (for example its data fails schema validation): the
/// consumer sends it to the dead-letter topic at once, without retries, with this exception's message as the error.
/// </summary>
public class PermanentEventFailureException : Exception
{
    public PermanentEventFailureException(string message) : base(message) { }

    public PermanentEventFailureException(string message, Exception innerException) : base(message, innerException) { }
}
