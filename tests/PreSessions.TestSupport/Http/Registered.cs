namespace PreSessions.TestSupport;

/// <summary>An organisation as its registration answered: its id, its token (shown that once) and the name it gave.</summary>
public sealed record Registered(string Id, string Token, string Name);
