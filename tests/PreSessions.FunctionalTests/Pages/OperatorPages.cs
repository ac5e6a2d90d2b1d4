using System.Net;
using AngleSharp.Html.Dom;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>What the operator pages' tests do as the organisers would: sign in with the operator token, read a page.</summary>
public static class OperatorPages
{
    /// <summary>A browser signed in as the operator at /sign-in, landed on the organisers' home.</summary>
    public static async Task<PageVisitor> OperatorSignedInAsync(this GatewayFactory gateway, string language = "en")
    {
        var visitor = new PageVisitor(gateway, language);
        Assert.Equal("/operator", (await visitor.SignInAsync(gateway.OperatorToken)).OriginalString);
        return visitor;
    }

    /// <summary>Posts a form of the current page and follows its redirect (Post/Redirect/Get): the page it lands on.</summary>
    public static async Task<IHtmlDocument> SubmitAndFollowAsync(this PageVisitor visitor, string selector, IDictionary<string, string?>? fields = null)
    {
        await visitor.SubmitAsync(selector, fields);
        return await visitor.FollowAsync();
    }

    /// <summary>Posts a form that the page refuses with its errors (400): the page shown again.</summary>
    public static async Task<IHtmlDocument> SubmitInvalidAsync(this PageVisitor visitor, string selector, IDictionary<string, string?> fields)
    {
        var response = await visitor.SubmitAsync(selector, fields);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {visitor.Document?.Body?.TextContent}");
        return visitor.Document!;
    }
}
