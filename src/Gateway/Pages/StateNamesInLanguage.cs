using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Pages;

/// <summary>A State's UN short name in the page's language; the grains and the API keep the English one.</summary>
public static class StateNamesInLanguage
{
    public static string StateName(this HttpContext context, string sur) =>
        UnMemberStates.Names.TryGetValue(sur, out var names) ? names.In(context.Language()) : sur;
}
