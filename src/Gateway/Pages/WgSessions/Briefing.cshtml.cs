using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Briefing;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Pages.WgSessions;

/// <summary>
/// The briefing pack as a page of the site (print-friendly): the same content as the API's HTML and the PDF
/// (<see cref="BriefingHtml"/>), in the page's language, with the PDF a link away.
/// </summary>
public sealed class BriefingModel(IGrainFactory grains, IStringLocalizer<BriefingText> words) : PageModel
{
    public BriefingPack Pack { get; private set; } = null!;

    public string Title { get; private set; } = "";

    /// <summary>The pack rendered by <see cref="BriefingContent"/>: encoded by Razor, statements through the sanitiser.</summary>
    public string Content { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string wg, string sur)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return BadRequest();
        if (await BriefingPack.ReadAsync(grains, key, HttpContext.Language()) is not { } pack)
            return NotFound();
        var text = new BriefingText(words);
        (Pack, Title) = (pack, text.Title(pack));
        Content = await BriefingHtml.ContentAsync(HttpContext.RequestServices, pack, text);
        return Page();
    }
}
