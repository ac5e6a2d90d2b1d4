using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace PreSessions;

/// <summary>
/// What a grain call says about the domain, read from the call itself: the pre-session and the organisation it concerns
/// (the grain's key, or its arguments) and, for a command, what it came to (the accepted answer's name, or the kind of
/// refusal). The one table of commands is here, so the silo's filter (<c>DomainCallFilter</c>, which tags the grain's
/// span and counts the outcome) and the gateway's (<see cref="RequestSpanTags"/>, which tags the request's span) read
/// the same names, and no grain or endpoint sets a tag itself. Reading a call never fails it: a key that names no
/// pre-session tags nothing.
/// </summary>
public static class DomainCalls
{
    /// <summary>A command of the table: how its accepted answer is named, and the counter that counts its outcomes, if any.</summary>
    public sealed record Command(Func<object, string> Accepted, string? Counter = null, bool CountsRefusals = false);

    /// <summary>The counters' instrument names (on the meter <c>PreSessions</c>).</summary>
    public const string Applications = "presessions.applications";
    public const string Withdrawals = "presessions.withdrawals";
    public const string Rsvps = "presessions.rsvps";

    private static readonly Dictionary<MethodInfo, Command> Commands = new()
    {
        // Where each is decided, and counted: a replay (Outcome.IsReplay) changes nothing and is not counted again.
        [Method<IPreSessionGrain>(nameof(IPreSessionGrain.Apply))] = new(a => ((ApplicationReceipt)a).FirstAnswer.Status.Name(), Applications, CountsRefusals: true),
        [Method<IPreSessionGrain>(nameof(IPreSessionGrain.Withdraw))] = new(_ => OutcomeNames.Withdrawn, Withdrawals),
        [Method<IPreSessionGrain>(nameof(IPreSessionGrain.Rsvp))] = new(a => ((RsvpAnswer)a).Status.Name(), Rsvps, CountsRefusals: true),
        [Method<IPreSessionGrain>(nameof(IPreSessionGrain.Select))] = new(_ => OutcomeNames.Selected),
        [Method<IAttendanceGrain>(nameof(IAttendanceGrain.Record))] = new(a => ((MissionAttendance)a).Delegates == 0 ? OutcomeNames.Absent : OutcomeNames.Attended),
        [Method<IStatementsGrain>(nameof(IStatementsGrain.Submit))] = new(a => ((StatementReceipt)a).Late ? OutcomeNames.Late : OutcomeNames.Submitted),
        [Method<IStatementsGrain>(nameof(IStatementsGrain.Approve))] = new(_ => OutcomeNames.Approved),
        // The timer counts its own commands: their counter has the command as a dimension (see LiveTimerGrain).
        [Method<ILiveTimerGrain>(nameof(ILiveTimerGrain.Command))] = new(_ => OutcomeNames.Accepted),
        [Method<IWgSessionGrain>(nameof(IWgSessionGrain.SchedulePreSession))] = new(c => (bool)c ? OutcomeNames.Created : OutcomeNames.Changed),
        // The organisation hands these to the pre-session: the gateway's request names them by the organisation's call.
        [Method<IOrganisationGrain>(nameof(IOrganisationGrain.Apply))] = new(a => ((ApplicationAnswer)a).Status.Name()),
        [Method<IOrganisationGrain>(nameof(IOrganisationGrain.Withdraw))] = new(_ => OutcomeNames.Withdrawn),
        [Method<IOrganisationGrain>(nameof(IOrganisationGrain.Rsvp))] = new(a => ((RsvpAnswer)a).Status.Name()),
    };

    /// <summary>The grains keyed by a pre-session ("wg/SUR"): their key names it.</summary>
    private static readonly HashSet<Type> KeyedByPreSession =
        [typeof(IPreSessionGrain), typeof(ILiveTimerGrain), typeof(IAttendanceGrain), typeof(IStatementsGrain), typeof(IRecommendationsGrain)];

    public static Command? CommandOf(MethodInfo method) => Commands.GetValueOrDefault(method);

    /// <summary>The outcome of a command's answer: the accepted answer's name, or the kind of refusal.</summary>
    public static string Outcome(Command command, IOutcome outcome) =>
        outcome.Refusal is { } refusal ? refusal.Kind.Name() : command.Accepted(outcome.Value!);

    /// <summary>The pre-session a call concerns: its grain's key, a pre-session argument, or a WG session's <c>sur</c>.</summary>
    public static PreSessionKey? PreSessionOf(MethodInfo method, GrainId target, Func<int, object?> argument)
    {
        var grain = method.DeclaringType!;
        if (KeyedByPreSession.Contains(grain))
            return PreSessionKey.TryParse(target.Key.ToString()!);
        var parameters = Parameters(method);
        for (var i = 0; i < parameters.Length; i++)
        {
            if (argument(i) is PreSessionKey key)
                return key;
            if (grain == typeof(IWgSessionGrain) && parameters[i].Name == "sur" && argument(i) is string sur)
                return new PreSessionKey((int)target.GetIntegerKey(), sur);
        }
        return null;
    }

    /// <summary>The organisation a call concerns: an organisation's key, an applicant, or an <c>organisationId</c> argument.</summary>
    public static string? OrganisationOf(MethodInfo method, GrainId target, Func<int, object?> argument)
    {
        if (method.DeclaringType == typeof(IOrganisationGrain))
            return target.Key.ToString();
        var parameters = Parameters(method);
        for (var i = 0; i < parameters.Length; i++)
        {
            switch (argument(i))
            {
                case Applicant applicant:
                    return applicant.OrganisationId;
                case string id when parameters[i].Name == "organisationId":
                    return id;
            }
        }
        return null;
    }

    /// <summary>Puts on the span the pre-session and the organisation the call concerns (before the call: a fault keeps them).</summary>
    public static void TagConcerned(Activity span, IGrainCallContext call)
    {
        Func<int, object?> argument = call.Request.GetArgument;
        if (PreSessionOf(call.InterfaceMethod, call.TargetId, argument) is { } preSession)
            span.SetTag(DomainSpan.Wg, preSession.Wg).SetTag(DomainSpan.Sur, preSession.Sur);
        if (OrganisationOf(call.InterfaceMethod, call.TargetId, argument) is { } organisation)
            span.SetTag(DomainSpan.OrganisationId, organisation);
        if (call.InterfaceMethod.DeclaringType == typeof(ILiveTimerGrain) && call.Request.GetArgumentCount() > 0 && argument(0) is TimerCommand command)
            span.SetTag(DomainSpan.TimerCommandName, command.Name());
    }

    /// <summary>Puts on the span what a command came to, once it answered.</summary>
    public static void TagOutcome(Activity span, IGrainCallContext call)
    {
        if (CommandOf(call.InterfaceMethod) is { } command && call.Result is IOutcome outcome)
            span.SetTag(DomainSpan.Outcome, Outcome(command, outcome));
    }

    private static readonly ConcurrentDictionary<MethodInfo, ParameterInfo[]> ParametersOf = new();

    private static ParameterInfo[] Parameters(MethodInfo method) => ParametersOf.GetOrAdd(method, m => m.GetParameters());

    private static MethodInfo Method<TGrain>(string name) => typeof(TGrain).GetMethod(name)!;
}
