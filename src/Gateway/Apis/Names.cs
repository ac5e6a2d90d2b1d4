namespace PreSessions.Gateway.Apis;

/// <summary>The contract's lower-case words for organisation kinds (outcomes: <see cref="OutcomeNames"/>).</summary>
public static class Names
{
    public static readonly IReadOnlyDictionary<string, OrganisationKind> Kinds = new Dictionary<string, OrganisationKind>
    {
        ["cso"] = OrganisationKind.Cso,
        ["nhri"] = OrganisationKind.Nhri,
        ["mission"] = OrganisationKind.Mission,
    };

    public static string Name(this OrganisationKind kind) => Kinds.Single(k => k.Value == kind).Key;
}
