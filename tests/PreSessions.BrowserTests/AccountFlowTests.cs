using System.Text.RegularExpressions;

namespace PreSessions.BrowserTests;

/// <summary>
/// Registration, sign-in, applying, withdrawing, RSVPing and sign-out, clicked through as a person would, on a phone
/// and a desktop, with JavaScript and without (the pages need none: every form posts).
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class AccountFlowTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    public static TheoryData<int, bool> Sizes => new() { { 360, true }, { 1280, true }, { 360, false }, { 1280, false } };

    private static ViewportSize Size(int width) => width <= 360 ? PagesFixture.Phone : PagesFixture.Desktop;

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_CSO_registers_signs_in_applies_sees_its_position_withdraws_and_signs_out(int width, bool javaScript)
    {
        var wg = await _scenario.NewPreSessionAsync(panelSize: 1);
        await _scenario.ApplyAsync(await _scenario.RegisterAsync("nhri"), wg);
        var page = await pages.OpenAsync("/", Size(width), javaScript);

        await page.GetByRole(AriaRole.Link, new() { Name = "Register", Exact = true }).ClickAsync();
        await page.GetByLabel("Name of the organisation").FillAsync($"Rights Watch {wg}");
        await page.GetByLabel("Civil society organisation (CSO)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        var token = (await page.Locator("#token").TextContentAsync())!.Trim();
        Assert.Matches("^pso_org-[a-z2-7]{16}_", token);
        Assert.DoesNotContain(token, page.Url);
        await Expect(page.GetByText("shown only this once")).ToBeVisibleAsync();
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), "the token page scrolls sideways");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in now" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Rights Watch {wg}");

        await page.GetByLabel("WG session number").FillAsync(wg.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show its pre-sessions" }).ClickAsync();
        await page.GetByLabel($"Pre-session of WG {wg}").SelectOptionAsync("FRA");
        await page.GetByLabel("Speaker's name", new() { Exact = true }).FillAsync("Ana Speaker");
        await page.GetByLabel("Themes").FillAsync("Detention\nFreedom of expression");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();

        await Expect(page.Locator("main .notice")).ToContainTextAsync("is full: you are on the waitlist, position 1");
        var row = page.Locator("table tbody tr");
        await Expect(row).ToContainTextAsync("On the waitlist");
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), "the account scrolls sideways");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Withdraw from WG {wg} · France" }).ClickAsync();
        await Expect(page.Locator("main .notice")).ToContainTextAsync($"Your application to the pre-session {wg}/FRA is withdrawn.");
        await Expect(page.GetByText("No applications yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("/account");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl=%2Faccount$"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_mission_signs_in_with_its_token_RSVPs_changes_its_delegates_declines_and_signs_out(int width, bool javaScript)
    {
        var wg = await _scenario.NewPreSessionAsync(seats: 10);
        var token = await _scenario.RegisterAsync("mission");
        // A deep link from a pre-session's page: sign-in first, then back to it.
        var page = await pages.OpenAsync($"/account?wg={wg}&sur=FRA", Size(width), javaScript);
        await page.GetByLabel("Your organisation's token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/account\\?wg={wg}&sur=FRA$"));
        await Expect(page.GetByLabel($"Pre-session of WG {wg}")).ToHaveValueAsync("FRA");

        await page.GetByLabel("Yes, we attend").CheckAsync();
        await page.GetByLabel("Delegates 1 to 10").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the RSVP" }).ClickAsync();
        await Expect(page.Locator("main .notice")).ToHaveTextAsync($"Your RSVP to the pre-session {wg}/FRA is confirmed for 2 delegate(s).");

        await page.GetByLabel($"Delegates for WG {wg} · France").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.Locator("main .notice")).ToHaveTextAsync($"Your RSVP to the pre-session {wg}/FRA is confirmed for 3 delegate(s).");
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), "the mission's account scrolls sideways");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Decline WG {wg} · France" }).ClickAsync();
        await Expect(page.Locator("main .notice")).ToHaveTextAsync($"You declined the pre-session {wg}/FRA.");
        await Expect(page.Locator("table tbody tr")).ToContainTextAsync("Declined");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
