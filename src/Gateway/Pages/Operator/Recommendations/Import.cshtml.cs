using System.Collections.Immutable;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.Recommendations;

/// <summary>
/// A pre-session's previous-cycle recommendations: the set as imported, and the import itself (CSV pasted or a file
/// uploaded) through the API's rules (<see cref="RecommendationsApi.Imported"/>), each bad line listed with its number.
/// </summary>
public sealed class ImportModel(IGrainFactory grains) : OperatorPageModel
{
    public PreSessionKey Key { get; private set; } = null!;

    public bool Exists { get; private set; }

    public RecommendationResponseBody[] Recommendations { get; private set; } = [];

    /// <summary>The refused import's errors, line by line ("line 3" and its messages).</summary>
    public IReadOnlyList<(string Line, string Message)> LineErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string wg, string sur) => await ShowAsync(wg, sur) ?? Page();

    public async Task<IActionResult> OnPostAsync(string wg, string sur, string? csv, IFormFile? file)
    {
        if (await ShowAsync(wg, sur) is { } notFound)
            return notFound;
        var text = file is { Length: > 0 } ? await Read(file) : csv ?? "";
        var imported = await RecommendationsApi.Imported(Key, text, grains);
        if (imported.Invalid is { } check)
        {
            LineErrors = [.. check.Errors];
            Invalid(check, new() { ["csv"] = file is { Length: > 0 } ? null : csv });
            return Page();
        }
        if (imported.Refusal is { } refusal)
            Refused(refusal);
        else
            Tell("good", "{0} recommendations are imported.", imported.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Redirect($"/operator/wg-sessions/{Key.Wg}/pre-sessions/{Key.Sur}/recommendations");
    }

    private async Task<IActionResult?> ShowAsync(string wg, string sur)
    {
        var check = new Validation();
        Key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return NotFound();
        Exists = await grains.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView() is not null;
        Recommendations = Exists ? await grains.ReadRecommendations(Key) : [];
        return null;
    }

    /// <summary>The uploaded file as text; bytes that are not UTF-8 become U+FFFD, which no State name or response matches.</summary>
    private static async Task<string> Read(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
