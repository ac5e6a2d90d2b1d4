using System.Diagnostics;

namespace PreSessions;

/// <summary>
/// On the caller's side of a grain call (the gateway, as a client or hosting the silo): a command called while serving
/// a request puts what it concerns and what it came to (<see cref="DomainCalls"/>) on the request's span, so an operator
/// finds a request by its pre-session or organisation and sees its outcome without opening the grain's span. Calls made
/// by grains find no request span in their process's chain (a grain's span starts from a propagated parent): they tag
/// nothing here; the silo's filter tags their own spans.
/// </summary>
public sealed class RequestSpanTags : IOutgoingGrainCallFilter
{
    /// <summary>ASP.NET Core's activity source: its server span is the request's.</summary>
    private const string AspNetCore = "Microsoft.AspNetCore";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var request = DomainCalls.CommandOf(context.InterfaceMethod) is null ? null : RequestOf(Activity.Current);
        if (request is not null)
            DomainCalls.TagConcerned(request, context);
        await context.Invoke();
        if (request is not null)
            DomainCalls.TagOutcome(request, context);
    }

    private static Activity? RequestOf(Activity? span)
    {
        for (; span is not null; span = span.Parent)
        {
            if (span.Source.Name == AspNetCore && span.Kind == ActivityKind.Server)
                return span.IsAllDataRequested ? span : null;
        }
        return null;
    }
}
