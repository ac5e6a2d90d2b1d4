namespace PreSessions.Gateway.Apis;

/// <summary>
/// What a command came to, whoever asked: the malformed fields (<see cref="Invalid"/>), the domain's refusal, or the
/// value. The API answers it as HTTP (400, 403/404/409, 2xx) and the pages as messages beside fields and notices, so
/// both follow one code path for the rules and the grain calls.
/// </summary>
public sealed record Decision<T>(T? Value, Validation? Invalid, Refusal? Refusal)
{
    public static Decision<T> Decided(T value) => new(value, null, null);

    public static Decision<T> Malformed(Validation check) => new(default, check, null);

    public static Decision<T> Refused(Refusal refusal) => new(default, null, refusal);

    public static Decision<T> From<TGrain>(Outcome<TGrain> outcome, Func<TGrain, T> value) =>
        outcome.Refusal is { } refusal ? Refused(refusal) : Decided(value(outcome.Value!));
}
