namespace PreSessions.Gateway.Apis;

/// <summary>The contract's words for organisation kinds and name flags (outcomes: <see cref="OutcomeNames"/>).</summary>
public static class Names
{
    public static readonly IReadOnlyDictionary<string, OrganisationKind> Kinds = new Dictionary<string, OrganisationKind>
    {
        ["cso"] = OrganisationKind.Cso,
        ["nhri"] = OrganisationKind.Nhri,
        ["mission"] = OrganisationKind.Mission,
    };

    public static string Name(this OrganisationKind kind) => Kinds.Single(k => k.Value == kind).Key;

    public static readonly IReadOnlyDictionary<string, SpeakerGender> Genders = new Dictionary<string, SpeakerGender>
    {
        ["woman"] = SpeakerGender.Woman,
        ["man"] = SpeakerGender.Man,
        ["other"] = SpeakerGender.Other,
        ["undisclosed"] = SpeakerGender.Undisclosed,
    };

    public static string Name(this SpeakerGender gender) => Genders.Single(g => g.Value == gender).Key;

    public static readonly IReadOnlyDictionary<string, OrganisationScope> Scopes = new Dictionary<string, OrganisationScope>
    {
        ["national"] = OrganisationScope.National,
        ["international"] = OrganisationScope.International,
    };

    public static string Name(this OrganisationScope scope) => Scopes.Single(s => s.Value == scope).Key;

    public static string Name(this NameFlag flag) => flag switch
    {
        NameFlag.DuplicateName => "duplicateName",
        NameFlag.LookAlikeName => "lookAlikeName",
        _ => "mixedScripts",
    };
}
