using System.Diagnostics;

namespace PreSessions;

/// <summary>
/// The domain's attributes on the current span (the gateway's request span, the grain call's span), so an operator
/// can find the traces of one pre-session or one organisation and see what each command came to. Keys and outcomes
/// only: never a speaker's or an organisation's name, an email or a token.
/// </summary>
public static class DomainSpan
{
    public const string Wg = "presessions.wg";
    public const string Sur = "presessions.sur";
    public const string OrganisationId = "presessions.organisation_id";
    public const string Outcome = "presessions.outcome";
    public const string TimerCommandName = "presessions.timer_command";

    public static void PreSession(PreSessionKey key) => Activity.Current?.SetTag(Wg, key.Wg).SetTag(Sur, key.Sur);

    public static void Organisation(string organisationId) => Activity.Current?.SetTag(OrganisationId, organisationId);

    public static void TimerCommand(TimerCommand command) => Activity.Current?.SetTag(TimerCommandName, command.Name());

    public static void Decided(string outcome) => Activity.Current?.SetTag(Outcome, outcome);
}
