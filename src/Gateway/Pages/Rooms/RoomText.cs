using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace PreSessions.Gateway.Pages.Rooms;

/// <summary>
/// The words of the room pages (the console, the speaker's and the audience's displays), in
/// <c>Resources/Pages/Rooms/RoomText.{fr,es}.resx</c>; English is the key itself. The pages render their own markup's
/// words; what their scripts write as the timer changes travels on the page, in <c>&lt;body data-strings&gt;</c>, so the
/// scripts hold no text and need no second request before they can show anything.
/// </summary>
public sealed class RoomText
{
    /// <summary>The words the scripts write, by the name they ask for (wwwroot/rooms/assets/text.js).</summary>
    private static readonly Dictionary<string, string> ScriptWords = new()
    {
        ["idle"] = "Not started",
        ["running"] = "Running",
        ["paused"] = "Paused",
        ["pausedInOverrun"] = "Paused in overrun",
        ["ended"] = "Ended",
        ["overrun"] = "Overrun",
        ["linkLive"] = "Live",
        ["linkConnecting"] = "Connecting…",
        ["linkReconnecting"] = "Reconnecting…",
        ["noneSelected"] = "No pre-session selected",
        ["noneLive"] = "No pre-session is live in this room",
        ["noMessage"] = "none",
        ["liveNow"] = "live",
        ["nothingBooked"] = "Nothing is booked in room {0}.",
        ["totalAllotted"] = "Total allotted: {0}",
        ["used"] = "used {0} of {1}",
        ["usedOver"] = "used {0} of {1} (+{2} over)",
        ["end"] = "End",
        ["confirmEnd"] = "Confirm end",
        ["pressEndAgain"] = "Press End again to end the pre-session.",
        ["retrying"] = "No answer yet: trying again…",
        ["tokenRefused"] = "That console token was not accepted. Enter it again.",
        ["tokenOtherRoom"] = "This console token is not for room {0}. {1}",
        ["waitingForCommand"] = "Waiting for the previous command…",
        ["doesNotFit"] = "{0} does not fit now.",
        ["unreachable"] = "The gateway cannot be reached.",
        ["unreachableCommand"] = "The gateway cannot be reached: the command may not have been applied.",
        ["answered"] = "The gateway answered {0}.",
        ["kind.opening"] = "Opening",
        ["kind.speaker"] = "Speaker",
        ["kind.moderator"] = "Moderator",
        ["kind.qa"] = "Questions and answers",
        ["kind.closing"] = "Closing",
    };

    /// <summary>The scripts' words in the request's language, as a JSON object for <c>data-strings</c>.</summary>
    public static string ScriptStrings(IStringLocalizer<RoomText> text) =>
        JsonSerializer.Serialize(ScriptWords.ToDictionary(w => w.Key, w => text[w.Value].Value));
}
