using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>POST .../applications and DELETE .../applications/{organisationId}.</summary>
public sealed class ApplicationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<JsonElement> PreSession(int wg, string sur = "FRA") =>
        await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}");

    private async Task<JsonElement[]> Applications(Registered org) =>
        [.. (await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}")).GetProperty("applications").EnumerateArray()];

    /// <summary>The organisation's own view of its one application.</summary>
    private async Task<(string Status, int Position)> Standing(Registered org)
    {
        var application = Assert.Single(await Applications(org));
        return (application.Str("status"), application.Int("position"));
    }

    private static async Task AssertAnswer(HttpResponseMessage response, string status, int position)
    {
        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(["status", "position"], body.Names());
        Assert.Equal((status, position), (body.Str("status"), body.Int("position")));
    }

    [Theory]
    [InlineData("cso")]
    [InlineData("nhri")]
    public async Task A_cso_or_nhri_applies_and_joins_the_panel(string kind)
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync(kind, "Speaking Org");

        using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA",
            new { speakerName = "Jane Doe", themes = new[] { "Freedom of expression", "Women's rights" }, publishSpeakerName = true });

        await AssertAnswer(response, "panel", 1);
        var panel = Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
        Assert.Equal((org.Id, "Speaking Org", "Jane Doe", 1),
            (panel.Str("organisationId"), panel.Str("organisationName"), panel.Str("speakerName"), panel.Int("position")));
    }

    [Fact]
    public async Task Themes_are_optional()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", new { speakerName = "No Themes" });

        await AssertAnswer(response, "panel", 1);
    }

    [Fact]
    public async Task Beyond_the_panel_size_applicants_join_the_waitlist()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 2);
        var (a, b, c) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("nhri"), await gateway.RegisterAsync("cso"));

        using var first = await gateway.Client(a.Token).ApplyAsync(wg, "FRA", "A");
        using var second = await gateway.Client(b.Token).ApplyAsync(wg, "FRA", "B");
        using var third = await gateway.Client(c.Token).ApplyAsync(wg, "FRA", "C");

        await AssertAnswer(first, "panel", 1);
        await AssertAnswer(second, "panel", 2);
        await AssertAnswer(third, "waitlist", 1);
        var view = await PreSession(wg);
        Assert.Equal([a.Id, b.Id], view.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")).ToArray());
        Assert.Equal(1, view.Int("waitlistCount"));
        // Each organisation sees the same standing as the pre-session.
        var standing = Assert.Single(await Applications(c));
        Assert.Equal((wg, "FRA", "waitlist", 1), (standing.Int("wg"), standing.Str("sur"), standing.Str("status"), standing.Int("position")));
        Assert.Equal(("panel", 2), await Standing(b));
    }

    [Fact]
    public async Task Withdrawing_a_panel_speaker_promotes_the_head_of_the_waitlist()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 2);
        var orgs = new List<Registered>();
        foreach (var speaker in new[] { "A", "B", "C", "D" })
        {
            var org = await gateway.RegisterAsync("cso", $"Org {speaker}");
            (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", speaker)).EnsureSuccessStatusCode();
            orgs.Add(org);
        }

        using var withdrawn = await gateway.Client(orgs[0].Token).WithdrawAsync(wg, "FRA", orgs[0].Id);

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Empty(await withdrawn.Content.ReadAsByteArrayAsync());
        var view = await PreSession(wg);
        var panel = view.GetProperty("panel").EnumerateArray().ToArray();
        Assert.Equal(["B", "C"], panel.Select(p => p.Str("speakerName")).ToArray());
        Assert.Equal([1, 2], panel.Select(p => p.Int("position")).ToArray()); // dense again
        Assert.Equal(1, view.Int("waitlistCount"));
        Assert.Empty(await Applications(orgs[0]));
        Assert.Equal(("panel", 2), await Standing(orgs[2]));
        Assert.Equal(("waitlist", 1), await Standing(orgs[3]));
    }

    [Fact]
    public async Task The_operator_withdraws_for_an_organisation()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var (a, b) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"));
        (await gateway.Client(a.Token).ApplyAsync(wg, "FRA", "A")).EnsureSuccessStatusCode();
        (await gateway.Client(b.Token).ApplyAsync(wg, "FRA", "B")).EnsureSuccessStatusCode();

        using var response = await gateway.Operator().WithdrawAsync(wg, "FRA", a.Id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var view = await PreSession(wg);
        Assert.Equal([b.Id], view.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")).ToArray());
        Assert.Equal(0, view.Int("waitlistCount"));
    }

    [Fact]
    public async Task Withdrawing_a_waitlisted_application_leaves_the_panel_as_it_is()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var (a, b, c) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"));
        foreach (var org in new[] { a, b, c })
            (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", org.Name)).EnsureSuccessStatusCode();

        (await gateway.Client(b.Token).WithdrawAsync(wg, "FRA", b.Id)).EnsureSuccessStatusCode();

        var view = await PreSession(wg);
        Assert.Equal([a.Id], view.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")).ToArray());
        Assert.Equal(1, view.Int("waitlistCount"));
        Assert.Equal(("waitlist", 1), await Standing(c));
    }

    [Fact]
    public async Task Concurrent_applications_get_distinct_places()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 3);
        var orgs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gateway.RegisterAsync("cso")));

        var answers = await Task.WhenAll(orgs.Select(async org =>
        {
            using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", org.Name);
            return await response.JsonAsync(HttpStatusCode.Created);
        }));

        // Every place is given once: panel 1..3, waitlist 1..5.
        Assert.Equal([1, 2, 3], answers.Where(a => a.Str("status") == "panel").Select(a => a.Int("position")).Order().ToArray());
        Assert.Equal([1, 2, 3, 4, 5], answers.Where(a => a.Str("status") == "waitlist").Select(a => a.Int("position")).Order().ToArray());
        var view = await PreSession(wg);
        Assert.Equal(3, view.GetProperty("panel").GetArrayLength());
        Assert.Equal(5, view.Int("waitlistCount"));
        // The panel is the three that were told "panel", in the order of their positions.
        var told = orgs.Zip(answers).Where(p => p.Second.Str("status") == "panel").OrderBy(p => p.Second.Int("position")).Select(p => p.First.Id);
        Assert.Equal(told, view.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")));
    }

    // ---- Conflicts and idempotency.

    [Fact]
    public async Task Concurrent_replays_with_one_key_apply_once()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", key)));

        foreach (var response in responses)
            await AssertAnswer(response, "panel", 1);
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_applications_without_a_key_apply_once_and_conflict_otherwise()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await conflict.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task A_second_application_without_a_key_is_409()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var again = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane");

        await again.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task A_second_application_with_a_different_key_is_409()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", "key-one")).EnsureSuccessStatusCode();

        using var other = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", "key-two");
        using var keyless = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane");

        await other.ProblemAsync(HttpStatusCode.Conflict);
        await keyless.ProblemAsync(HttpStatusCode.Conflict);
        var view = await PreSession(wg);
        Assert.Single(view.GetProperty("panel").EnumerateArray());
        Assert.Equal(0, view.Int("waitlistCount"));
    }

    [Fact]
    public async Task The_same_application_with_the_same_key_answers_the_first_answer_with_no_second_effect()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var first = await gateway.RegisterAsync("cso");
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(first.Token).ApplyAsync(wg, "FRA", "First")).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString();

        using var original = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", key);
        using var replay = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", key);
        using var replayAgain = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", key);

        await AssertAnswer(original, "waitlist", 1);
        await AssertAnswer(replay, "waitlist", 1);
        await AssertAnswer(replayAgain, "waitlist", 1);
        var view = await PreSession(wg);
        Assert.Single(view.GetProperty("panel").EnumerateArray());
        Assert.Equal(1, view.Int("waitlistCount"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_409()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", "same-key")).EnsureSuccessStatusCode();

        using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Someone Else", "same-key");

        await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Jane", Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray()).Str("speakerName"));
    }

    [Fact]
    public async Task Applying_after_applications_close_is_409_but_a_replay_still_answers()
    {
        // Closing time relative to the fake clock, which this test then moves past it.
        var close = gateway.Clock.GetUtcNow().AddHours(1);
        var wg = await gateway.NewPreSessionAsync(applicationsClose: close);
        var early = await gateway.RegisterAsync("cso");
        var late = await gateway.RegisterAsync("cso");
        using var before = await gateway.Client(early.Token).ApplyAsync(wg, "FRA", "Early", "early-key");
        await AssertAnswer(before, "panel", 1);

        gateway.Clock.Advance(TimeSpan.FromHours(2));

        using var after = await gateway.Client(late.Token).ApplyAsync(wg, "FRA", "Late");
        await after.ProblemAsync(HttpStatusCode.Conflict);
        using var replay = await gateway.Client(early.Token).ApplyAsync(wg, "FRA", "Early", "early-key");
        await AssertAnswer(replay, "panel", 1);
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
        Assert.Empty(await Applications(late));
    }

    [Fact]
    public async Task Closing_applications_on_the_wg_session_later_applies_to_its_pre_sessions()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        var past = gateway.Clock.GetUtcNow().AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz");

        using var close = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = "T", venue = "V", provisional = true, applicationsClose = past });
        await close.JsonAsync(HttpStatusCode.OK);
        using var closed = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane");
        await closed.ProblemAsync(HttpStatusCode.Conflict);

        using var reopen = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = "T", venue = "V", provisional = true });
        await reopen.JsonAsync(HttpStatusCode.OK);
        using var open = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane");
        await AssertAnswer(open, "panel", 1);
    }

    [Fact]
    public async Task Delete_with_the_same_key_twice_answers_204_both_times()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var first = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id, "withdraw-key");
        using var again = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id, "withdraw-key");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Empty((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task Delete_without_a_key_a_second_time_is_404()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var first = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id);
        using var again = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await again.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task After_a_withdrawal_the_organisation_may_apply_again_at_the_back()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var (a, b) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"));
        (await gateway.Client(a.Token).ApplyAsync(wg, "FRA", "A")).EnsureSuccessStatusCode();
        (await gateway.Client(b.Token).ApplyAsync(wg, "FRA", "B")).EnsureSuccessStatusCode();
        (await gateway.Client(a.Token).WithdrawAsync(wg, "FRA", a.Id)).EnsureSuccessStatusCode();

        using var again = await gateway.Client(a.Token).ApplyAsync(wg, "FRA", "A");

        await AssertAnswer(again, "waitlist", 1);
    }

    // ---- Who may apply and withdraw.

    [Fact]
    public async Task Applying_without_a_token_is_401()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Client().ApplyAsync(wg, "FRA", "Jane");

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task Applying_with_a_garbage_token_is_401()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Client("pso_garbage").ApplyAsync(wg, "FRA", "Jane");

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task The_operator_applying_is_403()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().ApplyAsync(wg, "FRA", "Operator");

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task A_mission_applying_is_403()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Client(mission.Token).ApplyAsync(wg, "FRA", "Ambassador");

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task Withdrawing_for_another_organisation_is_403()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (owner, other) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"));
        (await gateway.Client(owner.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var response = await gateway.Client(other.Token).WithdrawAsync(wg, "FRA", owner.Id);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task Withdrawing_without_a_token_is_401()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var anonymous = await gateway.Client().WithdrawAsync(wg, "FRA", org.Id);
        using var garbage = await gateway.Client("garbage").WithdrawAsync(wg, "FRA", org.Id);

        await anonymous.UnauthorizedAsync();
        await garbage.UnauthorizedAsync();
    }

    // ---- Unknown and malformed keys.

    [Fact]
    public async Task Applying_to_an_unknown_pre_session_is_404_and_leaves_no_trace()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var unscheduled = await gateway.Client(org.Token).ApplyAsync(wg, "BRB", "Jane");
        using var notMember = await gateway.Client(org.Token).ApplyAsync(wg, "XYZ", "Jane");
        using var unknownWg = await gateway.Client(org.Token).ApplyAsync(995, "FRA", "Jane");

        await unscheduled.ProblemAsync(HttpStatusCode.NotFound);
        await notMember.ProblemAsync(HttpStatusCode.NotFound);
        await unknownWg.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await Applications(org));
    }

    [Fact]
    public async Task Withdrawing_what_does_not_exist_is_404()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var never = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id);
        using var unscheduled = await gateway.Client(org.Token).WithdrawAsync(wg, "BRB", org.Id);
        using var unknownOrg = await gateway.Operator().WithdrawAsync(wg, "FRA", "org-abcdefghijklmnop");

        await never.ProblemAsync(HttpStatusCode.NotFound);
        await unscheduled.ProblemAsync(HttpStatusCode.NotFound);
        await unknownOrg.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys.PreSessionAddresses), MemberType = typeof(MalformedKeys))]
    public async Task A_malformed_key_is_400_on_apply_and_withdraw(string wg, string sur, string field)
    {
        var org = await gateway.RegisterAsync("cso");

        using var apply = await gateway.Client(org.Token).PostAsJsonAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", new { speakerName = "Jane" });
        using var withdraw = await gateway.Client(org.Token).DeleteAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{org.Id}");

        await apply.ValidationProblemAsync(field);
        await withdraw.ValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("org-ABCDEFGHIJKLMNOP")]
    [InlineData("org-1")]
    [InlineData("someone")]
    public async Task A_malformed_organisation_id_is_400_on_withdraw(string organisationId)
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().WithdrawAsync(wg, "FRA", organisationId);

        await response.ValidationProblemAsync("organisationId");
    }

    // ---- Body validation: each malformed field alone.

    [Theory]
    [InlineData("""{"themes":["Civic space"]}""", "speakerName")]
    [InlineData("""{"speakerName":null}""", "speakerName")]
    [InlineData("""{"speakerName":""}""", "speakerName")]
    [InlineData("""{"speakerName":"  "}""", "speakerName")]
    [InlineData("""{"speakerName":"LONG201"}""", "speakerName")]
    [InlineData("""{"speakerName":7}""", "speakerName")]
    [InlineData("""{"speakerName":"Jane","themes":["1","2","3","4","5","6","7","8","9","10","11"]}""", "themes")]
    [InlineData("""{"speakerName":"Jane","themes":"Civic space"}""", "themes")]
    [InlineData("""{"speakerName":"Jane","themes":[""]}""", "themes[0]")]
    [InlineData("""{"speakerName":"Jane","themes":["Civic space","  "]}""", "themes[1]")]
    [InlineData("""{"speakerName":"Jane","themes":["Civic space",null]}""", "themes[1]")]
    [InlineData("""{"speakerName":"Jane","themes":["LONG101"]}""", "themes[0]")]
    public async Task Apply_rejects_each_malformed_field(string json, string field)
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).PostAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/applications",
            Http.Raw(json.Replace("LONG201", new string('s', 201)).Replace("LONG101", new string('t', 101))));

        await response.ValidationProblemAsync(field);
        Assert.Empty((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task Ten_themes_are_accepted()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA",
            new { speakerName = "Jane", themes = Enumerable.Range(1, 10).Select(i => $"Theme {i}").ToArray() });

        await AssertAnswer(response, "panel", 1);
    }

    [Fact]
    public async Task Apply_rejects_an_idempotency_key_over_200_characters()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane", new string('k', 201));

        await response.ValidationProblemAsync("Idempotency-Key");
    }

    [Fact]
    public async Task Withdraw_rejects_an_idempotency_key_over_200_characters()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Jane")).EnsureSuccessStatusCode();

        using var response = await gateway.Client(org.Token).WithdrawAsync(wg, "FRA", org.Id, new string('k', 201));

        await response.ValidationProblemAsync("Idempotency-Key");
        Assert.Single((await PreSession(wg)).GetProperty("panel").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"speakerName":"Jane" """)]
    [InlineData("""{"speakerName":"Jane","speakerName":"Joe"}""")] // duplicate property
    [InlineData("""["Jane"]""")]
    public async Task Apply_rejects_malformed_json(string json)
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).PostAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/applications", Http.Raw(json));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Apply_rejects_another_content_type_with_415()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).PostAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/applications",
            Http.Raw("""{"speakerName":"Jane"}""", "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, hasDetail: false); // the gateway gives no detail for 415
    }
}
