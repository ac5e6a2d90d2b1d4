using System.Text;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// The week's CSV exports as links. The page serves the files itself (the API wants the bearer token, a signed-in
/// organiser has the cookie), through the same code as GET /api/wg-sessions/{wg}/exports/{kind}.csv.
/// </summary>
public sealed class ExportsModel(IGrainFactory grains) : OperatorPageModel
{
    public int Wg { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg)
    {
        var check = new Validation();
        Wg = check.Wg(wg);
        if (!check.IsValid || await grains.GetGrain<IWgSessionGrain>(Wg).GetView() is null)
            return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string wg, string? kind)
    {
        var exported = await ExportsApi.Exported(wg, kind ?? "", grains);
        if (exported.Invalid is not null || exported.Refusal is not null)
            return NotFound();
        var (fileName, csv) = exported.Value;
        return File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
    }
}
