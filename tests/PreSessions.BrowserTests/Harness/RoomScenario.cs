using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.BrowserTests.Harness;

/// <summary>A pre-session booked in a room of its own, with the room's console token and the pages' addresses.</summary>
public sealed record RoomScenario(ServiceProcess Gateway, HttpClient Operator, int Wg, string Sur, string Room, string ConsoleToken)
{
    public string Page(string page, string? through = null) =>
        $"{through ?? Gateway.Url}/rooms/{Uri.EscapeDataString(Room)}/{page}";

    public string TimerPath => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}/timer";

    /// <summary>The same pre-session on another gateway process (one restarted on the same data directory).</summary>
    public RoomScenario On(ServiceProcess gateway) =>
        this with { Gateway = gateway, Operator = gateway.Client(RoomPagesFixture.OperatorToken) };

    /// <summary>A timer command sent as the operator, straight to the gateway; returns the new snapshot.</summary>
    public async Task<JsonElement> CommandAsync(string command, object? body = null) =>
        await RoomPagesFixture.Expect(await Operator.PostAsJsonAsync($"{TimerPath}/{command}", body ?? new { }), $"POST timer/{command}");

    /// <summary>A message to the speaker's screen, sent as the operator.</summary>
    public async Task<JsonElement> SayAsync(string text) =>
        await RoomPagesFixture.Expect(await Operator.PutAsJsonAsync($"{TimerPath}/message", new { text }), "PUT timer/message");

    public async Task<JsonElement> TimerAsync() =>
        await RoomPagesFixture.Expect(await Gateway.Http.GetAsync(TimerPath), "GET timer");
}
