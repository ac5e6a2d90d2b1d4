using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// CONTRACT "Running": stop the process, start it again on the same directory, and everything acknowledged is
/// still there. Each test runs the real gateway process on a temp data directory of its own, kills it (SIGKILL: no
/// shutdown code runs) or stops it (SIGTERM), and reads everything back from a second process.
/// </summary>
public sealed partial class ProcessRestartTests(ITestOutputHelper log)
{
    private const string Sur = "FRA";

    // ---------------------------------------------------------------------------------------------------------
    // a. A small, complete scenario; SIGKILL right after the last acknowledgement.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Acknowledged_writes_survive_SIGKILL()
    {
        using var data = new TempDataDirectory();
        var operatorToken = NewOperatorToken();
        const int wg = 31;
        var pre = $"/api/wg-sessions/{wg}/pre-sessions/{Sur}";
        Registered[] csos, missions;
        var keys = new Dictionary<string, string>();

        await using (var first = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken))
        using (Report(first, "first"))
        {
            var op = first.Client(operatorToken);
            await (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}",
                new { title = "Pre-sessions for WG 31", venue = "Palais des Nations, Geneva", provisional = false }))
                .JsonAsync(HttpStatusCode.Created);
            await (await op.PutAsJsonAsync(pre,
                new { startsAt = "2031-01-15T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 3, seats = 5 }))
                .JsonAsync(HttpStatusCode.Created);

            csos = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => RegisterAsync(first, "cso", $"Durable CSO {i}")));
            missions = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => RegisterAsync(first, "mission", $"Durable Mission {i}")));

            // One at a time, so the arrival order (and with it the panel order) is known.
            (string, int)[] expectedFirst = [("panel", 1), ("panel", 2), ("panel", 3), ("waitlist", 1), ("waitlist", 2)];
            for (var i = 0; i < 5; i++)
            {
                keys[csos[i].Id] = Guid.NewGuid().ToString("N");
                var answer = await ApplyAsync(first, csos[i], wg, keys[csos[i].Id]);
                Assert.Equal(expectedFirst[i], Standing(answer));
            }

            // The second panel speaker withdraws: the head of the waitlist (CSO 4) joins the panel.
            using (var withdrawn = await Send(first, HttpMethod.Delete, $"{pre}/applications/{csos[1].Id}", csos[1].Token))
                Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);

            var rsvp1 = await (await Send(first, HttpMethod.Put, $"{pre}/rsvps/{missions[0].Id}", missions[0].Token, new { attending = true, delegates = 3 }))
                .JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("confirmed", 3), (rsvp1.Str("status"), rsvp1.Int("delegates")));
            var rsvp2 = await (await Send(first, HttpMethod.Put, $"{pre}/rsvps/{missions[1].Id}", missions[1].Token, new { attending = true, delegates = 2 }))
                .JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("confirmed", 2), (rsvp2.Str("status"), rsvp2.Int("delegates")));

            // Right after the last 2xx: whatever was acknowledged must already be on disk, not in a buffer.
            first.Kill();
        }

        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken);
        using var _ = Report(second, "second");

        var preSession = await second.Http.GetJsonAsync(pre);
        Assert.Equal(3, preSession.Int("panelSize"));
        Assert.Equal(5, preSession.Int("seats"));
        Assert.Equal("XXIV", preSession.Str("room"));
        Assert.Equal(new DateTimeOffset(2031, 1, 15, 9, 0, 0, TimeSpan.Zero), preSession.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(
            [(csos[0].Id, csos[0].Name, "Speaker 1", 1), (csos[2].Id, csos[2].Name, "Speaker 3", 2), (csos[3].Id, csos[3].Name, "Speaker 4", 3)],
            Panel(preSession).Select(p => (p.OrganisationId, p.OrganisationName, p.SpeakerName, p.Position)).ToArray());
        Assert.Equal(1, preSession.Int("waitlistCount"));
        Assert.Equal(5, preSession.Int("seatsTaken"));

        var session = await second.Http.GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal("Pre-sessions for WG 31", session.Str("title"));
        Assert.Equal("Palais des Nations, Geneva", session.Str("venue"));
        Assert.False(session.GetProperty("provisional").GetBoolean());
        var summary = Assert.Single(session.GetProperty("preSessions").EnumerateArray());
        Assert.Equal((Sur, 3, 3, 1, 5, 5),
            (summary.Str("sur"), summary.Int("panelSize"), summary.Int("panelCount"), summary.Int("waitlistCount"), summary.Int("seats"), summary.Int("seatsTaken")));

        // Each organisation reads itself with the token it got before the crash: the token hashes survived too.
        (int, string, string, int)[][] expectedApplications =
        [
            [(wg, Sur, "panel", 1)], [], [(wg, Sur, "panel", 2)], [(wg, Sur, "panel", 3)], [(wg, Sur, "waitlist", 1)], [],
        ];
        for (var i = 0; i < csos.Length; i++)
        {
            var view = await GetOrganisationAsync(second, csos[i]);
            Assert.Equal((csos[i].Name, "cso"), (view.Str("name"), view.Str("kind")));
            Assert.Equal(expectedApplications[i], Applications(view));
            Assert.Empty(view.GetProperty("rsvps").EnumerateArray());
        }
        (int, string, string, int)[] expectedRsvps = [(wg, Sur, "confirmed", 3), (wg, Sur, "confirmed", 2)];
        for (var i = 0; i < missions.Length; i++)
        {
            var view = await GetOrganisationAsync(second, missions[i]);
            Assert.Equal((missions[i].Name, "mission"), (view.Str("name"), view.Str("kind")));
            Assert.Empty(view.GetProperty("applications").EnumerateArray());
            var rsvp = Assert.Single(view.GetProperty("rsvps").EnumerateArray());
            Assert.Equal(expectedRsvps[i], (rsvp.Int("wg"), rsvp.Str("sur"), rsvp.Str("status"), rsvp.Int("delegates")));
        }

        // CSO 4 was first answered "waitlist 1" and has since been promoted: a replay answers the first answer, and
        // the idempotency record that makes that possible was stored, not kept in memory.
        var replay = await ApplyAsync(second, csos[3], wg, keys[csos[3].Id]);
        Assert.Equal(("waitlist", 1), Standing(replay));
        var replayFirst = await ApplyAsync(second, csos[0], wg, keys[csos[0].Id]);
        Assert.Equal(("panel", 1), Standing(replayFirst));
        var after = await second.Http.GetJsonAsync(pre);
        Assert.Equal(Panel(preSession), Panel(after));
        Assert.Equal(1, after.Int("waitlistCount"));
        Assert.Equal(5, after.Int("seatsTaken"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // b. A burst of applications, SIGKILL in the middle of it.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_burst_killed_midway_keeps_every_acknowledged_application_and_retries_complete_it()
    {
        const int wg = 32, applicants = 150, panelSize = 10, inFlight = 16, killAfter = 60;
        using var data = new TempDataDirectory();
        var operatorToken = NewOperatorToken();
        var pre = $"/api/wg-sessions/{wg}/pre-sessions/{Sur}";
        var keys = Enumerable.Range(0, applicants).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var acknowledged = new ConcurrentDictionary<string, (string Status, int Position)>();
        var unexpected = new ConcurrentBag<string>();
        Registered[] csos = new Registered[applicants];

        await using (var first = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken))
        using (Report(first, "first"))
        {
            var op = first.Client(operatorToken);
            await (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}",
                new { title = "Burst", venue = "Palais des Nations, Geneva", provisional = true })).JsonAsync(HttpStatusCode.Created);
            await (await op.PutAsJsonAsync(pre,
                new { startsAt = "2031-01-16T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize, seats = 40 }))
                .JsonAsync(HttpStatusCode.Created);
            await Parallel.ForEachAsync(Enumerable.Range(0, applicants), new ParallelOptions { MaxDegreeOfParallelism = inFlight },
                async (i, _) => csos[i] = await RegisterAsync(first, "cso", $"Burst CSO {i:D3}"));

            var client = first.Client();
            var killed = 0;
            var created = 0;
            using var gate = new SemaphoreSlim(inFlight);
            var burst = csos.Select(async (cso, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    if (Volatile.Read(ref killed) == 1)
                        return; // never sent: the process is gone
                    using var request = ApplyRequest(cso, wg, keys[i]);
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // in flight when the process died: not acknowledged, may or may not have landed
                    }
                    using (response)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            unexpected.Add($"{cso.Id}: {(int)response.StatusCode} {body}");
                            return;
                        }
                        acknowledged[cso.Id] = Standing(JsonDocument.Parse(body).RootElement);
                        if (Interlocked.Increment(ref created) == killAfter)
                        {
                            Volatile.Write(ref killed, 1);
                            first.Kill();
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ToArray();
            await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(unexpected.IsEmpty, "Answers other than 201 before the kill:\n" + string.Join("\n", unexpected));
            Assert.True(first.HasExited, $"The burst ended before the kill ({acknowledged.Count} acknowledged).");
            // The kill must have cut the burst, or the test shows nothing about a crash mid-burst.
            Assert.InRange(acknowledged.Count, killAfter, applicants - 1);
            log.WriteLine($"{acknowledged.Count} of {applicants} applications acknowledged before SIGKILL.");
        }

        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken);
        using var _ = Report(second, "second");

        // Organisations first: an organisation that finds an interrupted hand-off finishes it when it activates, which
        // may add an unacknowledged application; the pre-session is read once they have all settled.
        var present = await ReadApplicationsAsync(second, csos, wg);
        var preSession = await second.Http.GetJsonAsync(pre);
        var panel = Panel(preSession);
        var waitlistCount = preSession.Int("waitlistCount");

        foreach (var (id, answer) in acknowledged)
        {
            Assert.True(present.TryGetValue(id, out var standing), $"Acknowledged application of {id} ({answer}) is gone after SIGKILL.");
            Assert.Equal(answer, standing);
        }
        AssertConsistent(present, panel, waitlistCount, panelSize);
        log.WriteLine($"{present.Count} applications present after restart ({present.Count - acknowledged.Count} unacknowledged ones landed).");

        // Every unacknowledged application retried with its own key: each is answered 201 exactly once overall.
        var retried = new ConcurrentDictionary<string, (string Status, int Position)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, applicants).Where(i => !acknowledged.ContainsKey(csos[i].Id)),
            new ParallelOptions { MaxDegreeOfParallelism = inFlight },
            async (i, _) =>
            {
                using var response = await second.Http.SendAsync(ApplyRequest(csos[i], wg, keys[i]));
                retried[csos[i].Id] = Standing(await response.JsonAsync(HttpStatusCode.Created));
            });
        foreach (var (id, answer) in retried)
        {
            // One that had landed before the crash answers its first answer, not a new place.
            if (present.TryGetValue(id, out var before))
                Assert.Equal(before, answer);
        }

        var final = await ReadApplicationsAsync(second, csos, wg);
        var finalPreSession = await second.Http.GetJsonAsync(pre);
        Assert.Equal(applicants, final.Count);
        Assert.Equal(applicants, Panel(finalPreSession).Length + finalPreSession.Int("waitlistCount"));
        AssertConsistent(final, Panel(finalPreSession), finalPreSession.Int("waitlistCount"), panelSize);
        foreach (var (id, answer) in acknowledged.Concat(retried))
            Assert.Equal(answer, final[id]); // nobody was withdrawn, so every first answer is still the standing

        var summary = Assert.Single((await second.Http.GetJsonAsync($"/api/wg-sessions/{wg}")).GetProperty("preSessions").EnumerateArray());
        Assert.Equal((panelSize, applicants - panelSize), (summary.Int("panelCount"), summary.Int("waitlistCount")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // c. The generated operator token.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_generated_operator_token_is_printed_once_kept_private_and_survives_a_graceful_restart()
    {
        using var data = new TempDataDirectory();
        const int wg = 33;
        string token;

        await using (var first = ServiceProcess.Start(data.Path, seedDemo: false, operatorToken: null))
        using (Report(first, "first"))
        {
            await first.WaitUntilReadyAsync();
            Assert.True(await first.WaitForOutputAsync($"Now listening on: {first.Url}", TimeSpan.FromSeconds(10)),
                $"Expected \"Now listening on: {first.Url}\" on stdout. Output:\n{first.Output}");
            var printed = PrintedOperatorToken().Match(first.Output);
            Assert.True(printed.Success, $"No generated operator token on stdout. Output:\n{first.Output}");
            token = printed.Groups["token"].Value;

            using (var created = await first.Client(token).PutAsJsonAsync($"/api/wg-sessions/{wg}",
                       new { title = "Token", venue = "Palais des Nations, Geneva", provisional = true }))
                await created.JsonAsync(HttpStatusCode.Created);
            // Auth is real: a wrong operator token is refused, so the 201 above proves the printed token is the one.
            using (var wrong = await first.Client(token + "x").PutAsJsonAsync($"/api/wg-sessions/{wg}",
                       new { title = "Token", venue = "Palais des Nations, Geneva", provisional = true }))
                await wrong.UnauthorizedAsync();

            AssertOwnerOnly(data.Path, token);

            var exitCode = await first.StopAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, exitCode);
        }

        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken: null);
        using var _ = Report(second, "second");
        Assert.True(await second.WaitForOutputAsync("Now listening on:", TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(token, second.Output); // printed once: the first time only

        using (var again = await second.Client(token).PutAsJsonAsync($"/api/wg-sessions/{wg}",
                   new { title = "Token, again", venue = "Palais des Nations, Geneva", provisional = true }))
            await again.JsonAsync(HttpStatusCode.OK); // the session defined before the stop is there: 200, not 201
        Assert.Equal("Token, again", (await second.Http.GetJsonAsync($"/api/wg-sessions/{wg}")).Str("title"));
        using (var wrong = await second.Client(NewOperatorToken()).PutAsJsonAsync($"/api/wg-sessions/{wg}",
                   new { title = "Token", venue = "Palais des Nations, Geneva", provisional = true }))
            await wrong.UnauthorizedAsync();
        AssertOwnerOnly(data.Path, token);
    }

    // ---------------------------------------------------------------------------------------------------------
    // d. The WG 29 demo week.
    // ---------------------------------------------------------------------------------------------------------

    private static readonly string[] Wg29States =
        ["BHS", "BRB", "BWA", "BDI", "FRA", "ISR", "LIE", "LUX", "MLI", "MNE", "ROU", "SRB", "TON", "ARE"];

    [Fact]
    public async Task The_WG29_week_is_loaded_into_an_empty_store_once()
    {
        using var data = new TempDataDirectory();
        var operatorToken = NewOperatorToken();
        Registered cso;

        await using (var first = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: null, operatorToken))
        using (Report(first, "first"))
        {
            AssertWg29Week(await first.Http.GetJsonAsync("/api/wg-sessions/29"), title: null);

            cso = await RegisterAsync(first, "cso", "Seeded CSO");
            // The week of December 2017 closed its call when it began (issue 12)...
            using (var late = await first.Http.SendAsync(ApplyRequest(cso, 29, Guid.NewGuid().ToString("N"))))
                await late.ProblemAsync(HttpStatusCode.Conflict);
            // ... until the operator opens it again. An operator's edit of the seeded session must not be overwritten by a
            // second load.
            using (var edited = await first.Client(operatorToken).PutAsJsonAsync("/api/wg-sessions/29", new
                   {
                       title = "WG 29, as edited", venue = "Palais des Nations, Geneva", provisional = true,
                       applicationsClose = "2099-12-31T00:00:00Z",
                   }))
                await edited.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("panel", 1), Standing(await ApplyAsync(first, cso, 29, Guid.NewGuid().ToString("N"))));
            first.Kill();
        }

        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: null, operatorToken);
        using var _ = Report(second, "second");
        var session = await second.Http.GetJsonAsync("/api/wg-sessions/29");
        AssertWg29Week(session, title: "WG 29, as edited");
        var fra = session.GetProperty("preSessions").EnumerateArray().Single(p => p.Str("sur") == "FRA");
        Assert.Equal((1, 0), (fra.Int("panelCount"), fra.Int("waitlistCount")));
        Assert.Equal([(cso.Id, cso.Name, "Speaker", 1)],
            Panel(await second.Http.GetJsonAsync("/api/wg-sessions/29/pre-sessions/FRA"))
                .Select(p => (p.OrganisationId, p.OrganisationName, p.SpeakerName, p.Position)).ToArray());
        Assert.Equal([(29, "FRA", "panel", 1)], Applications(await GetOrganisationAsync(second, cso)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // ASPNETCORE_URLS (CONTRACT "Running") on its own.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Aspnetcore_urls_alone_decides_where_the_gateway_listens()
    {
        using var data = new TempDataDirectory();
        // Only ASPNETCORE_URLS, as an operator would set it: no URLS backup (see ServiceProcess.Start).
        await using var gateway = ServiceProcess.Start(data.Path, seedDemo: false, NewOperatorToken());
        using var _ = Report(gateway, "only");
        Assert.True(await gateway.WaitForOutputAsync("Now listening on:", ServiceProcess.ReadyTimeout),
            $"The gateway never said where it listens. Output:\n{gateway.Output}");
        Assert.True(gateway.Output.Contains($"Now listening on: {gateway.Url}", StringComparison.Ordinal),
            $"ASPNETCORE_URLS={gateway.Url}, but:\n{gateway.Output}");
        await gateway.WaitUntilReadyAsync();
    }

    // ---------------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"(?im)operator token.*:\s*(?<token>\S+)\s*$")]
    private static partial Regex PrintedOperatorToken();

    private static string NewOperatorToken() => "durability-operator-" + Guid.NewGuid().ToString("N");

    /// <summary>Writes what the process printed to the test's output when the test ends, pass or fail.</summary>
    private IDisposable Report(ServiceProcess gateway, string name) =>
        new Reporter(() => log.WriteLine($"--- gateway ({name}, pid {gateway.ProcessId}, {gateway.Url}) ---\n{gateway.Output}"));

    private sealed class Reporter(Action report) : IDisposable
    {
        public void Dispose() => report();
    }

    private static async Task<Registered> RegisterAsync(ServiceProcess gateway, string kind, string name)
    {
        using var response = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name, kind });
        var body = await response.JsonAsync(HttpStatusCode.Created);
        return new Registered(body.Str("id"), body.Str("token"), name);
    }

    private static HttpRequestMessage ApplyRequest(Registered organisation, int wg, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/wg-sessions/{wg}/pre-sessions/{Sur}/applications")
        {
            Content = JsonContent.Create(new { speakerName = SpeakerName(organisation), themes = new[] { "Civic space" }, publishSpeakerName = true }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", organisation.Token);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>"Speaker 3" for "Durable CSO 3"; "Speaker" otherwise.</summary>
    private static string SpeakerName(Registered organisation) =>
        organisation.Name.StartsWith("Durable CSO ", StringComparison.Ordinal) ? "Speaker " + organisation.Name["Durable CSO ".Length..] : "Speaker";

    private static async Task<JsonElement> ApplyAsync(ServiceProcess gateway, Registered organisation, int wg, string idempotencyKey)
    {
        using var response = await gateway.Http.SendAsync(ApplyRequest(organisation, wg, idempotencyKey));
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> Send(ServiceProcess gateway, HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.Http.SendAsync(request);
    }

    private static async Task<JsonElement> GetOrganisationAsync(ServiceProcess gateway, Registered organisation)
    {
        using var response = await Send(gateway, HttpMethod.Get, $"/api/organisations/{organisation.Id}", organisation.Token);
        var view = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(organisation.Id, view.Str("id"));
        return view;
    }

    /// <summary>Each organisation's own view of its application to wg/FRA, if any; fails if one lists it twice.</summary>
    private static async Task<Dictionary<string, (string Status, int Position)>> ReadApplicationsAsync(
        ServiceProcess gateway, Registered[] organisations, int wg)
    {
        var standings = new ConcurrentDictionary<string, (string Status, int Position)>();
        await Parallel.ForEachAsync(organisations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (organisation, _) =>
        {
            switch (Applications(await GetOrganisationAsync(gateway, organisation)))
            {
                case []:
                    break;
                case [var (w, s, status, position)] when w == wg && s == Sur:
                    standings[organisation.Id] = (status, position);
                    break;
                case var applications:
                    Assert.Fail($"{organisation.Id} lists {string.Join(", ", applications)}; it applied once, to {wg}/{Sur}.");
                    break;
            }
        });
        return new(standings);
    }

    /// <summary>
    /// The pre-session's view and the organisations' views are one picture: panel positions 1..n with nobody twice,
    /// the panel full before anyone waits, waitlist positions 1..waitlistCount, and panel + waitlist = applications.
    /// </summary>
    private static void AssertConsistent(
        IReadOnlyDictionary<string, (string Status, int Position)> present, PanelEntry[] panel, int waitlistCount, int panelSize)
    {
        Assert.Equal(panel.Length, panel.Select(p => p.OrganisationId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, panel.Length), panel.Select(p => p.Position));
        Assert.Equal(Math.Min(panelSize, present.Count), panel.Length);
        Assert.Equal(present.Count, panel.Length + waitlistCount);

        Assert.Equal(
            panel.Select(p => (p.OrganisationId, p.Position)).OrderBy(p => p.Position),
            present.Where(p => p.Value.Status == "panel").Select(p => (p.Key, p.Value.Position)).OrderBy(p => p.Position));
        Assert.Equal(
            Enumerable.Range(1, waitlistCount),
            present.Values.Where(s => s.Status == "waitlist").Select(s => s.Position).Order());
        Assert.All(present.Values, s => Assert.Contains(s.Status, new[] { "panel", "waitlist" }));
    }

    /// <summary>Exactly one file of the data directory holds the operator token, and only its owner may read it (0600).</summary>
    private static void AssertOwnerOnly(string dataDirectory, string token)
    {
        var holders = Directory.EnumerateFiles(dataDirectory)
            .Where(f => new FileInfo(f).Length < 1024 && File.ReadAllText(f).Trim() == token)
            .ToArray();
        var file = Assert.Single(holders);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    private static void AssertWg29Week(JsonElement session, string? title)
    {
        Assert.Equal(29, session.Int("wg"));
        if (title is not null)
            Assert.Equal(title, session.Str("title"));
        Assert.True(session.GetProperty("provisional").GetBoolean());
        Assert.Contains("Palais des Nations", session.Str("venue"));
        var preSessions = session.GetProperty("preSessions").EnumerateArray().ToArray();
        Assert.Equal(Wg29States.Order(), preSessions.Select(p => p.Str("sur")).Order());
        // 12-15 December 2017 in Geneva (+01:00); the API answers in UTC, so a 10:00 start reads 09:00Z.
        var from = new DateTimeOffset(2017, 12, 12, 0, 0, 0, TimeSpan.FromHours(1));
        var to = new DateTimeOffset(2017, 12, 15, 23, 59, 0, TimeSpan.FromHours(1));
        var starts = preSessions.Select(p => p.GetProperty("startsAt").GetDateTimeOffset()).ToArray();
        Assert.All(starts, s => Assert.InRange(s, from, to));
        Assert.Equal(starts.Order(), starts); // the contract orders them by startsAt
    }

    private static (string Status, int Position) Standing(JsonElement answer) => (answer.Str("status"), answer.Int("position"));

    private static (int, string, string, int)[] Applications(JsonElement organisation) =>
        [.. organisation.GetProperty("applications").EnumerateArray().Select(a => (a.Int("wg"), a.Str("sur"), a.Str("status"), a.Int("position")))];

    private sealed record PanelEntry(string OrganisationId, string OrganisationName, string SpeakerName, int Position);

    private static PanelEntry[] Panel(JsonElement preSession) =>
        [.. preSession.GetProperty("panel").EnumerateArray().Select(p =>
            new PanelEntry(p.Str("organisationId"), p.Str("organisationName"), p.Str("speakerName"), p.Int("position")))];
}
