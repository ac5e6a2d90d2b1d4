using System.Diagnostics;
using System.Text.Json;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// What a room page's countdown shows, read from its data attributes, with the instants the test read it between
/// (the test's clock is the gateway's: same machine), so a comparison can account for the time a read takes.
/// </summary>
public sealed record DisplayReading(
    long? RemainingMs, string Phase, string State, long? Version, string Text, string Colour, string Link, string Item,
    DateTimeOffset ReadFrom, DateTimeOffset ReadUntil, TimeSpan ReadFromTick, TimeSpan ReadUntilTick)
{
    public const string Green = "rgb(34, 197, 94)";
    public const string Yellow = "rgb(250, 204, 21)";
    public const string Red = "rgb(239, 68, 68)";

    /// <summary>How far a display may be from the gateway's deadline: its clock estimate plus a frame or two.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(250);

    private static readonly Stopwatch Ticks = Stopwatch.StartNew();

    private const string Script = """
        () => {
          const countdown = document.getElementById('countdown');
          const number = text => text === undefined ? null : Number(text);
          return {
            remainingMs: number(countdown.dataset.remainingMs),
            phase: countdown.dataset.phase ?? '',
            state: countdown.dataset.state ?? '',
            version: number(countdown.dataset.version),
            text: countdown.textContent,
            colour: getComputedStyle(countdown).color,
            link: document.getElementById('link').dataset.link ?? '',
            item: document.getElementById('item').textContent,
          };
        }
        """;

    /// <summary>The middle of the read, on the test's monotonic clock.</summary>
    public TimeSpan Tick => (ReadFromTick + ReadUntilTick) / 2;

    public static async Task<DisplayReading> ReadAsync(IPage page)
    {
        var fromTick = Ticks.Elapsed;
        var from = DateTimeOffset.UtcNow;
        var shown = await page.EvaluateAsync<JsonElement>(Script);
        var until = DateTimeOffset.UtcNow;
        var untilTick = Ticks.Elapsed;
        long? Number(string name) => shown.GetProperty(name).ValueKind == JsonValueKind.Number ? shown.GetProperty(name).GetInt64() : null;
        string Text(string name) => shown.GetProperty(name).GetString() ?? "";
        return new DisplayReading(Number("remainingMs"), Text("phase"), Text("state"), Number("version"), Text("text"),
            Text("colour"), Text("link"), Text("item"), from, until, fromTick, untilTick);
    }

    /// <summary>Whether the shown time left matches a deadline of the gateway within <paramref name="tolerance"/>, read gap included.</summary>
    public bool Matches(DateTimeOffset deadline, TimeSpan tolerance, out string why)
    {
        var earliest = (deadline - ReadUntil - tolerance).TotalMilliseconds;
        var latest = (deadline - ReadFrom + tolerance).TotalMilliseconds;
        why = $"shown {RemainingMs} ms left, expected {earliest:0} to {latest:0} ms (deadline {deadline:O}, read {ReadFrom:O} to {ReadUntil:O})";
        return RemainingMs is { } shown && shown >= earliest && shown <= latest;
    }
}
