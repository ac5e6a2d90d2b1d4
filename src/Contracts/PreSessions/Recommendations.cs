using System.Collections.Immutable;

namespace PreSessions;

/// <summary>How the State under Review answered a recommendation at its previous review.</summary>
public enum RecommendationResponse { Supported, Noted }

/// <summary>
/// One recommendation the State under Review received in the previous cycle: its id as the UPR report numbers it
/// (118.25), the text, the recommending State (ISO 3166-1 alpha-3), the SuR's response, and a theme if the import gave one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Recommendation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] string RecommendingState,
    [property: Id(3)] RecommendationResponse Response,
    [property: Id(4)] string? Theme);

/// <summary>
/// The previous cycle's recommendations to one pre-session's State under Review, keyed like the pre-session ("29/FRA"):
/// a grain of its own, so an import never rewrites the pre-session's applications, and the pre-session's rules stay its own.
/// </summary>
public interface IRecommendationsGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>Replaces the whole set with these (already validated) recommendations; not found: no such pre-session.</summary>
    Task<Outcome<int>> Replace(ImmutableArray<Recommendation> recommendations);

    /// <summary>The set as last imported, in the import's order; empty before any import.</summary>
    Task<ImmutableArray<Recommendation>> GetRecommendations();
}
