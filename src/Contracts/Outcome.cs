namespace PreSessions;

/// <summary>Why a grain refused a command. The gateway maps each kind to one HTTP status.</summary>
public enum RefusalKind
{
    NotFound,
    Conflict,
    Forbidden,

    /// <summary>A value the gateway's validation should have refused: the grain's own defence, a 400.</summary>
    Invalid,
}

[GenerateSerializer, Immutable]
public sealed record Refusal([property: Id(0)] RefusalKind Kind, [property: Id(1)] string Detail);

/// <summary>Any command's answer, whatever its value's type: what the call filters read (<see cref="DomainCalls"/>).</summary>
public interface IOutcome
{
    object? Value { get; }

    Refusal? Refusal { get; }

    /// <summary>The answer to a command already made (the same Idempotency-Key, the same PUT): nothing changed.</summary>
    bool IsReplay { get; }
}

/// <summary>
/// The answer to a command: a value, or the domain's reason to refuse it. Refusals are ordinary answers,
/// not exceptions, so that only real faults (storage, cluster) travel as exceptions.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] Refusal? Refusal) : IOutcome
{
    [Id(2)] public bool IsReplay { get; init; }

    object? IOutcome.Value => Value;

    public bool Succeeded => Refusal is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    /// <summary>The stored answer of a command made before, answered again: counted once, when it was made.</summary>
    public static Outcome<T> Replay(T value) => new(value, null) { IsReplay = true };
    public static Outcome<T> NotFound(string detail) => new(default, new Refusal(RefusalKind.NotFound, detail));
    public static Outcome<T> Conflict(string detail) => new(default, new Refusal(RefusalKind.Conflict, detail));
    public static Outcome<T> Forbidden(string detail) => new(default, new Refusal(RefusalKind.Forbidden, detail));
    public static Outcome<T> Invalid(string detail) => new(default, new Refusal(RefusalKind.Invalid, detail));
    public static Outcome<T> From(Refusal refusal) => new(default, refusal);
}
