namespace PreSessions.Gateway.Statements;

/// <summary>
/// What the statements section of a page shows: the published statements, and the recommendation ids the same page
/// lists (with <see cref="Anchor"/> as their element ids), so a statement links to those and names the others.
/// </summary>
public sealed record StatementsSection(PublishedStatements Published, IReadOnlySet<string> Shown)
{
    /// <summary>The element id of a recommendation listed on the page, which a statement's "builds on" links to.</summary>
    public static string Anchor(string recommendationId) => $"recommendation-{recommendationId}";
}
