using System.Diagnostics;

namespace PreSessions;

/// <summary>
/// Where each grain call is served: its span carries the pre-session and the organisation it concerns and, for a
/// command, what it came to; and a command's outcome is counted on <see cref="PreSessionsMetrics"/>, once (a replay is
/// not counted again). The table of commands and their names is <see cref="DomainCalls"/>; grains set no tag and count
/// nothing themselves. Registered after Orleans' activity propagation, so the current span is the grain call's.
/// </summary>
public sealed class DomainCallFilter(PreSessionsMetrics metrics) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var span = Activity.Current is { IsAllDataRequested: true } current ? current : null;
        if (span is not null)
            DomainCalls.TagConcerned(span, context);
        await context.Invoke();
        if (span is not null)
            DomainCalls.TagOutcome(span, context);
        if (DomainCalls.CommandOf(context.InterfaceMethod) is { Counter: { } counter } command &&
            context.Result is IOutcome { IsReplay: false } outcome && (outcome.Refusal is null || command.CountsRefusals) &&
            DomainCalls.PreSessionOf(context.InterfaceMethod, context.TargetId, context.Request.GetArgument) is { } preSession)
            metrics.Count(counter, preSession, DomainCalls.Outcome(command, outcome));
    }
}
