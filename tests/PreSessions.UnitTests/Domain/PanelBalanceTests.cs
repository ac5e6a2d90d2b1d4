using System.Collections.Immutable;

namespace PreSessions.UnitTests.Domain;

/// <summary>The balance's figures and each of its warnings, on applications written out by hand.</summary>
public sealed class PanelBalanceTests
{
    private static readonly PreSessionPlan Plan = new(new DateTimeOffset(2017, 12, 12, 9, 0, 0, TimeSpan.Zero), 60, "XXIV", 4, 40);

    private static ApplicationRecord Applied(string id, ApplicationStatus status, int position, string[] themes,
        SpeakerGender? gender = null, OrganisationScope? scope = null, OrganisationKind kind = OrganisationKind.Cso) =>
        new(new Applicant(id, $"Org {id}", kind, "FRA"),
            new SpeakerApplication($"Speaker {id}", [.. themes]) { SpeakerGender = gender, Scope = scope },
            status, position, DateTimeOffset.UnixEpoch);

    private static readonly ImmutableArray<ApplicationRecord> Four =
    [
        Applied("a", ApplicationStatus.Panel, 1, ["Women's rights", "Torture"], SpeakerGender.Woman, OrganisationScope.National),
        Applied("b", ApplicationStatus.Panel, 2, ["Droits des femmes", "Detention"], SpeakerGender.Man, OrganisationScope.International),
        Applied("c", ApplicationStatus.Waitlist, 1, ["Climate justice"], SpeakerGender.Woman, OrganisationScope.National),
        Applied("n", ApplicationStatus.Waitlist, 2, ["Torture"], kind: OrganisationKind.Nhri),
    ];

    [Fact]
    public void The_current_panel_counts_themes_across_languages_scopes_genders_and_warns_of_a_theme_twice_and_an_NHRI_left_out()
    {
        var balance = PanelBalance.Of(Four, Plan, proposed: null);

        Assert.Equal(["a", "b"], balance.Panel.Select(a => a.Applicant.OrganisationId));
        Assert.Equal(4, balance.Applications);
        Assert.Equal(new ThemeCoverage("Women's rights", "women-rights", 2), balance.Themes[0]);
        Assert.Equal(3, balance.Themes.Length);   // women's rights (twice, in two languages), torture, detention conditions
        Assert.Equal((1, 1, 0), (balance.National, balance.International, balance.ScopeNotSaid));
        Assert.Equal(new GenderCounts(1, 1, 0, 0, 0), balance.Genders);
        Assert.False(balance.NhriPresent);
        Assert.Equal(
            ["The theme Women's rights is covered by 2 speakers.", "The NHRI Org n applied but is not on the panel."],
            balance.Warnings.Select(w => w.Text));
    }

    [Fact]
    public void A_proposed_panel_is_weighed_in_its_order_and_with_the_NHRI_on_it_that_warning_goes()
    {
        var balance = PanelBalance.Of(Four, Plan with { ReserveNhriPlace = true }, proposed: ["n", "a", "c"]);

        Assert.Equal(["n", "a", "c"], balance.Panel.Select(a => a.Applicant.OrganisationId));
        Assert.True(balance.NhriPresent);
        Assert.True(balance.NhriPlaceReserved);
        Assert.Equal(new GenderCounts(2, 0, 0, 0, 1), balance.Genders);
        Assert.Equal((2, 0, 1), (balance.National, balance.International, balance.ScopeNotSaid));
        var warning = Assert.Single(balance.Warnings);
        Assert.Equal((BalanceWarningKind.ThemeCoveredTwice, "Torture and other cruel, inhuman or degrading treatment", 2), (warning.Kind, warning.Subject, warning.Count));
    }

    [Fact]
    public void Fewer_applications_than_the_minimum_is_a_warning_and_the_minimum_defaults_to_three()
    {
        ImmutableArray<ApplicationRecord> two = [.. Four.Take(2).Select(a => a with { Request = a.Request with { Themes = [] } })];

        Assert.Equal("Only 2 application(s), fewer than the 3 this pre-session asks for.", Assert.Single(PanelBalance.Of(two, Plan, null).Warnings).Text);
        Assert.Empty(PanelBalance.Of(two, Plan with { MinimumApplications = 2 }, null).Warnings);
        Assert.Empty(PanelBalance.Of(Four, Plan, []).Panel);
    }

    [Fact]
    public void Strangers_are_the_proposed_ids_that_did_not_apply()
    {
        Assert.Equal(["x", "y"], PanelBalance.Strangers(Four, ["a", "x", "n", "y"]).ToArray());
    }
}
