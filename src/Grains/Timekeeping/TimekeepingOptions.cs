using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// The "PreSessions:Timekeeping" configuration section: how an hour is divided when the operator has not set the
/// rundown, and when displays warn. The source document gives speakers "between 5 to 7 minutes each, according to the
/// number of participants": the fixed items take their share, the speakers share what is left within those bounds,
/// and the missions' Q&amp;A takes whatever remains.
/// </summary>
public sealed class TimekeepingOptions
{
    public const string Section = "PreSessions:Timekeeping";

    public int OpeningMinutes { get; set; } = 5;
    public int ModeratorMinutes { get; set; } = 5;
    public int QaMinutes { get; set; } = 10;
    public int ClosingMinutes { get; set; } = 3;
    public double SpeakerMinMinutes { get; set; } = 5;
    public double SpeakerMaxMinutes { get; set; } = 7;

    /// <summary>Displays turn to the warning colour with this much time left.</summary>
    public int WarningSeconds { get; set; } = 60;

    /// <summary>Speakers' allotments are whole multiples of this, so the rundown reads well on a console.</summary>
    private static readonly TimeSpan Granularity = TimeSpan.FromSeconds(30);

    public TimeSpan Warning => TimeSpan.FromSeconds(WarningSeconds);

    /// <summary>The rundown for a panel in speaking order and the pre-session's hour.</summary>
    public ImmutableArray<RundownItem> Derive(string stateName, int durationMinutes, IReadOnlyList<PanelSeat> panel)
    {
        var hour = TimeSpan.FromMinutes(durationMinutes);
        var opening = TimeSpan.FromMinutes(OpeningMinutes);
        var moderator = TimeSpan.FromMinutes(ModeratorMinutes);
        var closing = TimeSpan.FromMinutes(ClosingMinutes);
        var fixedItems = opening + moderator + closing;

        var speaker = TimeSpan.Zero;
        if (panel.Count > 0)
        {
            var share = (hour - fixedItems - TimeSpan.FromMinutes(QaMinutes)) / panel.Count;
            var bounded = TimeSpan.FromMinutes(Math.Clamp(share.TotalMinutes, SpeakerMinMinutes, SpeakerMaxMinutes));
            speaker = TimeSpan.FromTicks(bounded.Ticks - bounded.Ticks % Granularity.Ticks);
        }
        var qa = hour - fixedItems - speaker * panel.Count;

        return
        [
            new(RundownItemKind.Opening, $"Opening by {stateName}", null, opening),
            .. panel.Select(seat => new RundownItem(RundownItemKind.Speaker, seat.OrganisationName, seat.OrganisationId, speaker)),
            new(RundownItemKind.Moderator, "Moderator's questions", null, moderator),
            new(RundownItemKind.Qa, "Questions from Permanent Missions", null, qa > TimeSpan.Zero ? qa : TimeSpan.Zero),
            new(RundownItemKind.Closing, "Closing", null, closing),
        ];
    }
}
