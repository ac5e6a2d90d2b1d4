using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Releases;

/// <summary>The account page tells an organisation what the releases changed about the pre-sessions it is engaged in.</summary>
public sealed class ScheduleChangesPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData("en", "moved from Tuesday, December 12, 2017, 10:00 to 11:00 to Wednesday, December 13, 2017, 15:00 to 16:00.", "moved from room XXIV to room XX.", "cancelled: this pre-session will not be held.")]
    [InlineData("fr", "déplacée du mardi 12 décembre 2017, de 10:00 à 11:00 au mercredi 13 décembre 2017, de 15:00 à 16:00.", "déplacée de la salle XXIV à la salle XX.", "annulée : cette pré-session n'aura pas lieu.")]
    [InlineData("es", "trasladada del martes, 12 de diciembre de 2017, de 10:00 a 11:00 al miércoles, 13 de diciembre de 2017, de 15:00 a 16:00.", "trasladada de la sala XXIV a la sala XX.", "cancelada: esta presesión no se celebrará.")]
    public async Task A_cso_sees_its_pre_sessions_moves_room_changes_and_cancellations_in_its_language(
        string language, string moved, string room, string cancelled)
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-12T11:30:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-12T14:00:00+01:00", room: "XXIV");
        var (visitor, cso) = await gateway.SignedInAsync("cso", language);
        foreach (var sur in new[] { "FRA", "TON" })
            await gateway.Client(cso.Token).ApplyAsync(wg, sur, "A. Speaker").ExpectAsync(System.Net.HttpStatusCode.Created);
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");
        Assert.Null((await visitor.AccountAsync()).QuerySelector("#schedule-changes")); // a first publication changes nothing

        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-13T15:00:00+01:00", room: "XX");
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-13T11:30:00+01:00", room: "XX");
        await gateway.Operator().PublishAsync(wg, "provisional", "France on Wednesday in room XX; Tonga cancelled.", cancelled: ["TON"]);
        var page = await visitor.AccountAsync();

        var france = page.QuerySelector($"#schedule-changes [data-pre-session='{wg}/FRA']")!;
        Assert.Equal(moved, Change(france, "moved"));
        Assert.Equal(room, Change(france, "roomchanged"));
        Assert.Equal(cancelled, Change(page.QuerySelector($"#schedule-changes [data-pre-session='{wg}/TON']")!, "cancelled"));
        Assert.Null(page.QuerySelector($"#schedule-changes [data-pre-session='{wg}/MLI']")); // it applied to France and Tonga only
    }

    [Fact]
    public async Task A_mission_sees_the_changes_of_the_pre_sessions_it_rsvped_to()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (visitor, mission) = await gateway.SignedInAsync("mission");
        await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 })
            .ExpectAsync(System.Net.HttpStatusCode.OK);
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.", cancelled: ["FRA"]);
        await gateway.Operator().PublishAsync(wg, "confirmed", "France after all.", cancelled: []);

        var changes = (await visitor.AccountAsync()).QuerySelector($"#schedule-changes [data-pre-session='{wg}/FRA']")!;

        Assert.Equal("it will be held after all.", Change(changes, "reinstated"));
        Assert.Contains("Release 2", changes.QuerySelector("li")!.Text());
    }

    /// <summary>The sentence of one change, without the release it came with.</summary>
    private static string Change(AngleSharp.Dom.IElement preSession, string kind)
    {
        var item = preSession.QuerySelector($"li[data-change='{kind}']")!;
        return item.Text()[(item.QuerySelector(".muted")!.Text().Length + 1)..];
    }
}
