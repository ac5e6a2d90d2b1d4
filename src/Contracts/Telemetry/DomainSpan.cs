namespace PreSessions;

/// <summary>
/// The names of the domain's attributes on spans (the gateway's request span, the grain call's span; set by
/// <c>RequestSpanTags</c> and <c>DomainCallFilter</c> from <see cref="DomainCalls"/>' table), so an operator can find the
/// traces of one pre-session or one organisation and see what each command came to. Keys and outcomes
/// only: never a speaker's or an organisation's name, an email or a token.
/// </summary>
public static class DomainSpan
{
    public const string Wg = "presessions.wg";
    public const string Sur = "presessions.sur";
    public const string OrganisationId = "presessions.organisation_id";
    public const string Outcome = "presessions.outcome";
    public const string TimerCommandName = "presessions.timer_command";
}
