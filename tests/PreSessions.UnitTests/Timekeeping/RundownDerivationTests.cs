namespace PreSessions.UnitTests.Timekeeping;

/// <summary>"Between 5 to 7 minutes each, according to the number of participants": the hour divided by the rules.</summary>
public sealed class RundownDerivationTests
{
    private static List<PanelSeat> Panel(int size) =>
        [.. Enumerable.Range(1, size).Select(i => new PanelSeat($"org-{i:d16}", $"Organisation {i}", $"Speaker {i}", i))];

    [Theory]
    [InlineData(1, 420, 40)]   // 37 min for one speaker: capped at 7, the Q&A takes the rest
    [InlineData(4, 420, 19)]
    [InlineData(5, 420, 12)]
    [InlineData(6, 360, 11)]   // 37/6 = 6 min 10 s, rounded down to 6 min
    [InlineData(7, 300, 12)]   // 37/7 = 5 min 17 s, rounded down to 5 min
    [InlineData(8, 300, 7)]    // 37/8 is under 5: the floor holds and the Q&A shrinks
    public void Speakers_share_what_the_fixed_items_leave_within_five_to_seven_minutes(int speakers, int speakerSeconds, int qaMinutes)
    {
        var items = new TimekeepingOptions().Derive("France", 60, Panel(speakers));

        Assert.Equal(speakers + 4, items.Length);
        Assert.Equal(RundownItemKind.Opening, items[0].Kind);
        Assert.Equal("Opening by France", items[0].Title);
        var panel = items.Where(i => i.Kind is RundownItemKind.Speaker).ToList();
        Assert.Equal(Panel(speakers).Select(s => s.OrganisationId), panel.Select(i => i.OrganisationId));
        Assert.All(panel, i => Assert.Equal(TimeSpan.FromSeconds(speakerSeconds), i.Allotted));
        Assert.Equal([RundownItemKind.Moderator, RundownItemKind.Qa, RundownItemKind.Closing], items[^3..].Select(i => i.Kind));
        Assert.Equal(TimeSpan.FromMinutes(qaMinutes), items[^2].Allotted);
        Assert.Equal(TimeSpan.FromHours(1), items.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Allotted));
    }

    [Fact]
    public void Speakers_are_named_by_their_organisation_never_by_the_person()
    {
        var items = new TimekeepingOptions().Derive("France", 60, Panel(3));
        Assert.All(items.Where(i => i.Kind is RundownItemKind.Speaker), i => Assert.StartsWith("Organisation ", i.Title));
        Assert.DoesNotContain(items, i => i.Title.Contains("Speaker"));
    }

    [Fact]
    public void A_panel_too_large_for_the_hour_keeps_the_minimum_and_leaves_no_Q_and_A()
    {
        var items = new TimekeepingOptions().Derive("France", 60, Panel(10));
        Assert.All(items.Where(i => i.Kind is RundownItemKind.Speaker), i => Assert.Equal(TimeSpan.FromMinutes(5), i.Allotted));
        Assert.Equal(TimeSpan.Zero, items.Single(i => i.Kind is RundownItemKind.Qa).Allotted);
    }

    [Fact]
    public void The_bounds_and_fixed_items_are_settings()
    {
        var options = new TimekeepingOptions { SpeakerMinMinutes = 3, SpeakerMaxMinutes = 4, OpeningMinutes = 0, QaMinutes = 20 };
        var items = options.Derive("Mali", 90, Panel(6));
        Assert.All(items.Where(i => i.Kind is RundownItemKind.Speaker), i => Assert.Equal(TimeSpan.FromMinutes(4), i.Allotted));
        Assert.Equal(TimeSpan.Zero, items[0].Allotted);
        Assert.Equal(TimeSpan.FromMinutes(90 - 5 - 3 - 24), items.Single(i => i.Kind is RundownItemKind.Qa).Allotted);
    }
}
