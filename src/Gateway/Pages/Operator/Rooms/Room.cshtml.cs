using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.Rooms;

/// <summary>
/// One room's console tokens, through the API's own calls (<see cref="RoomsApi.ConsoleTokenIssued"/> and the others):
/// listed by id and date, issued (the token shown once, in the answer to the form: no-store, never in an address) and
/// revoked.
/// </summary>
public sealed class RoomModel(IGrainFactory grains) : OperatorPageModel
{
    public string Room { get; private set; } = "";

    public ConsoleTokenItem[] Tokens { get; private set; } = [];

    /// <summary>The token just issued, shown this once.</summary>
    public ConsoleTokenResponse? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(string room) => await ShowAsync(room);

    public async Task<IActionResult> OnPostIssueAsync(string room)
    {
        var issued = await RoomsApi.ConsoleTokenIssued(room, grains);
        if (issued.Invalid is not null)
            return BadRequest();
        Issued = issued.Value;
        return await ShowAsync(room);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string room, string? tokenId)
    {
        var revoked = await RoomsApi.ConsoleTokenRevoked(room, tokenId ?? "", grains);
        if (revoked.Invalid is not null)
            return BadRequest();
        if (revoked.Refusal is { } refusal)
            Refused(refusal);
        else
            Tell("good", "The console token {0} is revoked: that console drives no timer any more.", tokenId!);
        return Redirect("/operator/rooms/" + Uri.EscapeDataString(room));
    }

    /// <summary>The room's tokens; 400 (the error page) for a name no room may have.</summary>
    private async Task<IActionResult> ShowAsync(string room)
    {
        var listed = await RoomsApi.ConsoleTokensOf(room, grains);
        if (listed.Invalid is not null)
            return BadRequest();
        (Room, Tokens) = (room, listed.Value!);
        return Page();
    }
}
