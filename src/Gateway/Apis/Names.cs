namespace PreSessions.Gateway.Apis;

/// <summary>The contract's lower-case words for the domain's states.</summary>
public static class Names
{
    public static readonly IReadOnlyDictionary<string, OrganisationKind> Kinds = new Dictionary<string, OrganisationKind>
    {
        ["cso"] = OrganisationKind.Cso,
        ["nhri"] = OrganisationKind.Nhri,
        ["mission"] = OrganisationKind.Mission,
    };

    public static string Name(this OrganisationKind kind) => Kinds.Single(k => k.Value == kind).Key;

    public static string Name(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Panel => "panel",
        _ => "waitlist",
    };

    public static string Name(this RsvpStatus status) => status switch
    {
        RsvpStatus.Confirmed => "confirmed",
        RsvpStatus.Waitlist => "waitlist",
        _ => "declined",
    };
}
