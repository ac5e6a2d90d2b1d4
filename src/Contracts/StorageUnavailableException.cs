namespace PreSessions;

/// <summary>
/// A grain could not make a command durable, so the command was not acknowledged. The gateway answers 503 with
/// Retry-After; a client that retries with the same Idempotency-Key is safe.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
