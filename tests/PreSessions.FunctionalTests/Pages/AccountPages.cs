using System.Net;
using AngleSharp.Html.Dom;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>What the account pages' tests do as a person would: register, sign in, open the account.</summary>
public static class AccountPages
{
    /// <summary>Registers through /organisations/new; the token as the page shows it, once.</summary>
    public static async Task<Registered> RegisterAsync(this PageVisitor visitor, string kind, string? name = null)
    {
        name ??= $"{kind.ToUpperInvariant()} {Guid.NewGuid():N}"[..20];
        await visitor.GetAsync("/organisations/new");
        var response = await visitor.SubmitAsync("#register", new Dictionary<string, string?> { ["name"] = name, ["kind"] = kind });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = visitor.Document.QuerySelector("#token")!.TextContent.Trim();
        var id = token.Split('_')[1];
        return new Registered(id, token, name);
    }

    /// <summary>Signs in with the token on /sign-in; the answer is the redirect to where the person was going.</summary>
    public static async Task<Uri> SignInAsync(this PageVisitor visitor, string token, string? returnUrl = null)
    {
        await visitor.GetAsync(returnUrl is null ? "/sign-in" : "/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var response = await visitor.SubmitAsync("#sign-in", new Dictionary<string, string?> { ["token"] = token });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}");
        return response.Headers.Location!;
    }

    public static async Task<IHtmlDocument> AccountAsync(this PageVisitor visitor, string query = "") =>
        await visitor.GetAsync("/account" + query);

    /// <summary>The notice the page shows after an action (Post/Redirect/Get).</summary>
    public static string Notice(this IHtmlDocument page) =>
        page.QuerySelector("main .notice")?.TextContent.Trim() ?? throw new InvalidOperationException("No notice on the page.");

    /// <summary>A visitor signed in as a fresh organisation registered through the API.</summary>
    public static async Task<(PageVisitor Visitor, Registered Organisation)> SignedInAsync(
        this GatewayFactory gateway, string kind, string language = "en")
    {
        var organisation = await gateway.RegisterAsync(kind);
        var visitor = new PageVisitor(gateway, language);
        await visitor.SignInAsync(organisation.Token);
        return (visitor, organisation);
    }

    public static Task<HttpResponseMessage> ApplyAsync(this PageVisitor visitor, int wg, string sur, string speakerName, string? themes = null) =>
        visitor.SubmitAsync("#apply", new Dictionary<string, string?> { ["wg"] = wg.ToString(), ["sur"] = sur, ["speakerName"] = speakerName, ["themes"] = themes });
}
