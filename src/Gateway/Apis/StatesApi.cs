using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

public sealed record StateUnderReviewResponse(string Code, string Name, int[] WgSessions);

/// <summary>A State under Review across WG sessions (an addition to the contract).</summary>
public static class StatesApi
{
    public static IEndpointRouteBuilder MapStatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/states/{sur}", Get).AllowAnonymous().WithTags("States under Review")
            .WithName("getStateUnderReview").WithSummary("A UN member State: its name and the WG sessions with its pre-sessions");
        return app;
    }

    private static async Task<Results<Ok<StateUnderReviewResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var code = check.Sur(sur);
        if (!check.IsValid)
            return check.Problem();
        return await grains.GetGrain<IStateUnderReviewGrain>(code).GetView() is { } view
            ? TypedResults.Ok(new StateUnderReviewResponse(view.Code, view.Name, [.. view.WgSessions]))
            : Problems.NotFound($"{code} is not the code of a UN member State.");
    }
}
