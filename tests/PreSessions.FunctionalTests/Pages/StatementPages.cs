using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Dom;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>What the statement pages' tests set up and do: a panel speaker signed in, a form's button pressed.</summary>
public static class StatementPages
{
    public static string StatementPath(int wg, string sur = "FRA") => $"/account/statements/{wg}/{sur}";

    public static string ReviewPath(int wg, string sur = "FRA") => $"/operator/wg-sessions/{wg}/pre-sessions/{sur}/statements";

    /// <summary>
    /// A fresh WG session (statements due when <paramref name="statementsDue"/> says, else two weeks before the
    /// pre-session) with a pre-session for France of <paramref name="panelSize"/>.
    /// </summary>
    public static async Task<int> StatementsWeekAsync(this GatewayFactory gateway, string? statementsDue = null, int panelSize = 6)
    {
        var wg = gateway.NextWg();
        await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"Pre-sessions for WG {wg}", venue = "Palais des Nations, Geneva", provisional = true, statementsDue })
            .ExpectAsync(HttpStatusCode.Created);
        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize);
        return wg;
    }

    public static Task ImportRecommendationsAsync(this GatewayFactory gateway, int wg, string csvRows) =>
        gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/recommendations",
            new StringContent("id,text,recommendingState,response,theme\n" + csvRows, Encoding.UTF8, "text/csv")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>A CSO that applied through the API (on the panel while it has room), and its browser signed in.</summary>
    public static async Task<(PageVisitor Visitor, Registered Organisation)> SpeakerAsync(
        this GatewayFactory gateway, int wg, bool publishStatement = true, string language = "en", string? name = null)
    {
        var organisation = await gateway.RegisterAsync("cso", name);
        await gateway.Client(organisation.Token).ApplyAsync(wg, "FRA", new { speakerName = "Speaker", publishStatement }).ExpectAsync(HttpStatusCode.Created);
        var visitor = new PageVisitor(gateway, language);
        await visitor.SignInAsync(organisation.Token);
        return (visitor, organisation);
    }

    /// <summary>
    /// Presses the button of <paramref name="formSelector"/> whose handler is <paramref name="handler"/>: the form is
    /// posted to that button's formaction, as a browser does with the button pressed.
    /// </summary>
    public static Task<HttpResponseMessage> PressAsync(this PageVisitor visitor, string formSelector, string handler, IDictionary<string, string?>? fields = null)
    {
        var form = visitor.Document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector}.");
        var button = form.QuerySelectorAll("button").SingleOrDefault(b => b.GetAttribute("formaction")?.EndsWith("handler=" + handler, StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException($"No button for {handler} in {formSelector}.");
        form.SetAttribute("action", button.GetAttribute("formaction"));
        return visitor.SubmitAsync(formSelector, fields);
    }

    /// <summary>Writes and submits a statement on the organisation's page; the page it lands on after the redirect.</summary>
    public static async Task<IHtmlDocument> SubmitStatementAsync(this PageVisitor visitor, int wg, string assessment,
        string questions = "What will the State do?", string recommendation = "Ratify the optional protocol.")
    {
        await visitor.GetAsync(StatementPath(wg));
        var response = await visitor.PressAsync("#statement", "Submit", new Dictionary<string, string?>
        {
            ["language"] = "en", ["assessment"] = assessment, ["questions"] = questions, ["recommendationText"] = recommendation,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"submit answered {(int)response.StatusCode}: {visitor.Document.QuerySelector("main")?.TextContent}");
        return await visitor.FollowAsync();
    }
}
