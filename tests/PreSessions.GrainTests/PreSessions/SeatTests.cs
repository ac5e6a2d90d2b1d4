using System.Collections.Concurrent;
using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// Permanent Missions' RSVPs against a pre-session's seats: the confirmed RSVPs are the longest run from the front,
/// in arrival order, whose delegates fit; nobody overtakes the head of the waitlist, and seats are never oversold.
/// </summary>
public sealed class SeatTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task Concurrent_rsvps_confirm_exactly_the_longest_prefix_in_arrival_order_that_fits()
    {
        // Even numbers of delegates against an odd number of seats: the confirmed prefix always leaves a seat free,
        // so a mission arriving after the head of the waitlist could fit, and must wait all the same.
        const int seats = 41;
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize: 10, seats);
        var missions = await s.Register("mission", 30, OrganisationKind.Mission);
        var latecomer = (await s.Register("latecomer", 1, OrganisationKind.Mission))[0];
        var random = new Random(11);
        var delegates = missions.ToDictionary(m => m, _ => 2 * random.Next(1, 6));

        // The arrival order is not in any view, so it is observed where it is decided: an incoming-call filter runs
        // in the pre-session's turn, right before the RSVP's synchronous decision, so the order it sees is the queue's.
        var arrivals = new ConcurrentQueue<string>();
        // (A rule takes the call in place of the grain, so it hands the call on itself, in the same turn.)
        fixture.Faults.Set(call =>
        {
            if (call.MethodName == nameof(IPreSessionGrain.Rsvp) && call.TargetId.Key.ToString() == key.GrainKey)
                arrivals.Enqueue(((Applicant)call.Request.GetArgument(0)!).OrganisationId);
            return call.Invoke();
        });
        (string Mission, RsvpAnswer Answer)[] answers;
        List<PreSessionView> samples;
        try
        {
            var storm = Task.WhenAll(missions.Select(async m =>
                (Mission: m, Answer: (await s.Org(m).Rsvp(key, new RsvpRequest(true, delegates[m]))).Accepted())));
            samples = await s.SampleWhile(storm, key);
            answers = await storm;
        }
        finally
        {
            fixture.Faults.Set(null);
        }

        var order = arrivals.ToList();
        Assert.Equal(missions.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
        var confirmed = LongestPrefixThatFits(order, delegates, seats);
        Assert.NotEmpty(confirmed);
        Assert.NotEqual(missions.Length, confirmed.Count);     // 30 missions of 2..10 delegates overflow 41 seats

        // Answered at arrival, confirmed exactly when in the prefix (RSVPs only joined at the back meanwhile).
        Assert.All(answers, a => Assert.Equal(
            new RsvpAnswer(confirmed.Contains(a.Mission) ? RsvpStatus.Confirmed : RsvpStatus.Waitlist, delegates[a.Mission]),
            a.Answer));
        foreach (var m in missions)
            Assert.Equal(
                new RsvpStanding(s.Wg, "FRA", confirmed.Contains(m) ? RsvpStatus.Confirmed : RsvpStatus.Waitlist, delegates[m]),
                await s.PreSession(key).GetRsvp(m));
        var seatsTaken = confirmed.Sum(m => delegates[m]);
        Assert.Equal(seatsTaken, (await s.View(key)).SeatsTaken);
        // Never oversold, and seats only filled up while RSVPs only arrived.
        Assert.All(samples, v => Assert.InRange(v.SeatsTaken, 0, seats));
        Assert.Equal(samples.Select(v => v.SeatsTaken).Order(), samples.Select(v => v.SeatsTaken));
        await s.AssertMissionsAgree(key, missions);

        // One delegate would fit in the free seat(s), but the latecomer does not overtake the head of the waitlist.
        Assert.InRange(seats - seatsTaken, 1, seats);
        Assert.Equal(new RsvpAnswer(RsvpStatus.Waitlist, 1), (await s.Org(latecomer).Rsvp(key, new RsvpRequest(true, 1))).Accepted());
        Assert.Equal(seatsTaken, (await s.View(key)).SeatsTaken);
        await s.AssertMissionsAgree(key, [.. missions, latecomer]);
    }

    [Fact]
    public async Task Changing_declining_and_reattending_keep_the_queue_in_order_and_never_oversell()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("LUX", panelSize: 10, seats: 20);
        var m = await s.Register("mission", 4, OrganisationKind.Mission);
        var (a, b, c, d) = (m[0], m[1], m[2], m[3]);
        async Task<Outcome<RsvpAnswer>> Rsvp(string mission, bool attending, int delegates) =>
            await s.Org(mission).Rsvp(key, new RsvpRequest(attending, delegates));
        static RsvpAnswer Confirmed(int n) => new(RsvpStatus.Confirmed, n);
        static RsvpAnswer Waiting(int n) => new(RsvpStatus.Waitlist, n);

        Assert.Equal(Confirmed(8), (await Rsvp(a, true, 8)).Accepted());
        Assert.Equal(Confirmed(8), (await Rsvp(b, true, 8)).Accepted());
        Assert.Equal(Waiting(6), (await Rsvp(c, true, 6)).Accepted());     // 22 > 20
        Assert.Equal(Waiting(3), (await Rsvp(d, true, 3)).Accepted());     // 3 would fit, but nobody overtakes c
        await AssertRsvps(s, key, 16, (a, Confirmed(8)), (b, Confirmed(8)), (c, Waiting(6)), (d, Waiting(3)));

        // A confirmed mission asking for more than the 4 free seats is refused and keeps its 8.
        (await Rsvp(a, true, 13)).AssertRefused(RefusalKind.Conflict);
        await AssertRsvps(s, key, 16, (a, Confirmed(8)), (b, Confirmed(8)), (c, Waiting(6)), (d, Waiting(3)));
        // Exactly the free seats is fine.
        Assert.Equal(Confirmed(12), (await Rsvp(a, true, 12)).Accepted());
        await AssertRsvps(s, key, 20, (a, Confirmed(12)), (b, Confirmed(8)), (c, Waiting(6)), (d, Waiting(3)));

        // Fewer delegates free seats: the head of the waitlist is confirmed (4+8+6 = 18), the next still does not fit.
        Assert.Equal(Confirmed(4), (await Rsvp(a, true, 4)).Accepted());
        await AssertRsvps(s, key, 18, (a, Confirmed(4)), (b, Confirmed(8)), (c, Confirmed(6)), (d, Waiting(3)));

        // Declining frees the seats at once (4+6+3 = 13); declining again changes nothing.
        Assert.Equal(new RsvpAnswer(RsvpStatus.Declined, 0), (await Rsvp(b, false, 8)).Accepted());
        await AssertRsvps(s, key, 13, (a, Confirmed(4)), (b, new RsvpAnswer(RsvpStatus.Declined, 0)), (c, Confirmed(6)), (d, Confirmed(3)));
        Assert.Equal(new RsvpAnswer(RsvpStatus.Declined, 0), (await Rsvp(b, false, 8)).Accepted());
        await AssertRsvps(s, key, 13, (a, Confirmed(4)), (b, new RsvpAnswer(RsvpStatus.Declined, 0)), (c, Confirmed(6)), (d, Confirmed(3)));

        // Attending again after declining goes to the back: 13 + 8 > 20.
        Assert.Equal(Waiting(8), (await Rsvp(b, true, 8)).Accepted());
        await AssertRsvps(s, key, 13, (a, Confirmed(4)), (b, Waiting(8)), (c, Confirmed(6)), (d, Confirmed(3)));

        // The same RSVP twice changes nothing.
        Assert.Equal(Confirmed(3), (await Rsvp(d, true, 3)).Accepted());
        Assert.Equal(Waiting(8), (await Rsvp(b, true, 8)).Accepted());
        await AssertRsvps(s, key, 13, (a, Confirmed(4)), (b, Waiting(8)), (c, Confirmed(6)), (d, Confirmed(3)));

        // A waiting mission that comes with fewer delegates keeps its place and now fits (13 + 7 = 20).
        Assert.Equal(Confirmed(7), (await Rsvp(b, true, 7)).Accepted());
        await AssertRsvps(s, key, 20, (a, Confirmed(4)), (b, Confirmed(7)), (c, Confirmed(6)), (d, Confirmed(3)));

        // Fewer seats in a new plan: the last confirmed (in arrival order d, then b) move to the waitlist: 4+6 = 10 <= 12.
        await s.Replan(key, panelSize: 10, seats: 12);
        await AssertRsvps(s, key, 10, (a, Confirmed(4)), (b, Waiting(7)), (c, Confirmed(6)), (d, Waiting(3)));
        // More seats again: they are confirmed back, in order.
        await s.Replan(key, panelSize: 10, seats: 13);
        await AssertRsvps(s, key, 13, (a, Confirmed(4)), (b, Waiting(7)), (c, Confirmed(6)), (d, Confirmed(3)));
    }

    [Fact]
    public async Task Only_missions_rsvp_and_only_organisations_apply()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("MLI", panelSize: 5, seats: 10);
        var cso = (await s.Register("cso", 1))[0];
        var mission = (await s.Register("mission", 1, OrganisationKind.Mission))[0];

        (await s.Org(cso).Rsvp(key, new RsvpRequest(true, 2))).AssertRefused(RefusalKind.Forbidden);
        (await s.Org(mission).Apply(key, Scenario.Speech(mission), "k")).AssertRefused(RefusalKind.Forbidden);

        // Neither left a trace: no seat taken, nobody on the panel, nothing in either organisation's view.
        var view = await s.View(key);
        Assert.Equal((0, 0, 0), (view.SeatsTaken, view.Panel.Length, view.WaitlistCount));
        Assert.Null(await s.PreSession(key).GetRsvp(cso));
        Assert.Null(await s.PreSession(key).GetApplication(mission));
        foreach (var org in new[] { cso, mission })
        {
            var own = (await s.Org(org).GetView())!;
            Assert.Empty(own.Applications);
            Assert.Empty(own.Rsvps);
        }
    }

    private static HashSet<string> LongestPrefixThatFits(IEnumerable<string> order, Dictionary<string, int> delegates, int seats)
    {
        var (confirmed, taken) = (new HashSet<string>(), 0);
        foreach (var m in order)
        {
            if (taken + delegates[m] > seats) break;
            taken += delegates[m];
            confirmed.Add(m);
        }
        return confirmed;
    }

    /// <summary>The seats taken, each mission's standing at the pre-session, and each mission's own view, all agree.</summary>
    private static async Task AssertRsvps(Scenario s, PreSessionKey key, int seatsTaken, params (string Mission, RsvpAnswer Answer)[] expected)
    {
        var view = await s.View(key);
        Assert.Equal(seatsTaken, view.SeatsTaken);
        Assert.InRange(view.SeatsTaken, 0, view.Plan.Seats);
        foreach (var (mission, answer) in expected)
            Assert.Equal(new RsvpStanding(key.Wg, key.Sur, answer.Status, answer.Delegates), await s.PreSession(key).GetRsvp(mission));
        await s.AssertMissionsAgree(key, expected.Select(e => e.Mission));
    }
}
