using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// What a command came to, whoever asked: the malformed fields (<see cref="Invalid"/>), the domain's refusal, or the
/// value. The API answers it as HTTP (<see cref="Answer{TResult}"/>: 400, 403/404/409, 2xx) and the pages as messages
/// beside fields and notices, so both follow one code path for the rules and the grain calls.
/// </summary>
public sealed record Decision<T>(T? Value, Validation? Invalid, Refusal? Refusal)
{
    public static Decision<T> Decided(T value) => new(value, null, null);

    public static Decision<T> Malformed(Validation check) => new(default, check, null);

    public static Decision<T> Refused(Refusal refusal) => new(default, null, refusal);

    public static Decision<T> From<TGrain>(Outcome<TGrain> outcome, Func<TGrain, T> value) =>
        outcome.Refusal is { } refusal ? Refused(refusal) : Decided(value(outcome.Value!));

    /// <summary>The grain's answer as it is: its value decided, or its refusal.</summary>
    public static Decision<T> From(Outcome<T> outcome) => From(outcome, value => value);

    /// <summary>
    /// The API's answer: 400 naming the malformed fields, the refusal's problem (<see cref="Problems.Refused"/>), or
    /// <paramref name="decided"/>'s result for the value; typed, so the API reference lists each.
    /// </summary>
    public Results<TResult, ValidationProblem, ProblemHttpResult> Answer<TResult>(Func<T, TResult> decided) where TResult : IResult
    {
        if (Invalid is { } check)
            return check.Problem();
        if (Refusal is { } refusal)
            return Problems.Refused(refusal);
        return decided(Value!);
    }

    /// <summary>As <see cref="Answer{TResult}"/>, for a value that takes more work (more grain calls) to answer.</summary>
    public async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> Answer<TResult>(Func<T, Task<TResult>> decided) where TResult : IResult
    {
        if (Invalid is { } check)
            return check.Problem();
        if (Refusal is { } refusal)
            return Problems.Refused(refusal);
        return await decided(Value!);
    }
}
