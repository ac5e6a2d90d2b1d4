using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>A pre-session set up for timekeeping: its WG session, a room of its own, and its panel in speaking order.</summary>
public sealed record Scene(int Wg, string Sur, string Room, Registered[] Panel)
{
    public string Url => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}";

    public string Timer => $"{Url}/timer";
}

/// <summary>The live timer's requests and the numbers the fake clock makes exact.</summary>
public static class Timekeeping
{
    public const long Minute = 60_000;

    /// <summary>
    /// A fresh WG session with one pre-session in a room no other test uses, and <paramref name="speakers"/> organisations
    /// on its panel (applied in order; beyond <paramref name="panelSize"/> they wait).
    /// </summary>
    public static async Task<Scene> SceneAsync(
        this GatewayFactory gateway, int speakers = 0, int panelSize = 6, int durationMinutes = 60, string sur = "FRA", int? wg = null)
    {
        var number = wg ?? await gateway.CreateWgSessionAsync();
        var room = $"Room-{number}-{sur}-{Guid.NewGuid():N}"[..24];
        await gateway.SchedulePreSessionAsync(number, sur, panelSize, durationMinutes: durationMinutes, room: room);
        var panel = new Registered[speakers];
        for (var i = 0; i < speakers; i++)
        {
            panel[i] = await gateway.RegisterAsync(i % 2 == 0 ? "cso" : "nhri", $"Organisation {(char)('A' + i)} {Guid.NewGuid():N}"[..24]);
            using var applied = await gateway.Client(panel[i].Token).ApplyAsync(number, sur, $"Speaker Person {i + 1}");
            Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        }
        return new Scene(number, sur, room, panel);
    }

    public static Task<HttpResponseMessage> TimerAsync(
        this HttpClient client, Scene scene, string command, object? body = null, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Post, $"{scene.Timer}/{command}", body is null ? null : JsonContent.Create(body), idempotencyKey);

    /// <summary>A command the timer takes: 200 and the snapshot.</summary>
    public static async Task<JsonElement> DoAsync(this HttpClient client, Scene scene, string command, int? seconds = null, string? idempotencyKey = null)
    {
        using var response = await client.TimerAsync(scene, command, seconds is null ? null : new { seconds }, idempotencyKey);
        var snapshot = await response.JsonAsync(HttpStatusCode.OK);
        AssertShape(snapshot);
        return snapshot;
    }

    /// <summary>A command that does not fit the state: 409 with a problem that says why, and the timer unchanged.</summary>
    public static async Task RefusedAsync(this GatewayFactory gateway, Scene scene, string command, int? seconds = null)
    {
        var before = await gateway.Client().GetJsonAsync(scene.Timer);
        using var response = await gateway.Operator().TimerAsync(scene, command, seconds is null ? null : new { seconds });
        await response.ProblemAsync(HttpStatusCode.Conflict);
        var after = await gateway.Client().GetJsonAsync(scene.Timer);
        Assert.Equal(before.Long("version"), after.Long("version"));
        Assert.Equal(before.Str("state"), after.Str("state"));
        Assert.Equal(before.Int("itemIndex"), after.Int("itemIndex"));
    }

    public static async Task<JsonElement> TimerNowAsync(this GatewayFactory gateway, Scene scene)
    {
        var snapshot = await gateway.Client().GetJsonAsync(scene.Timer);
        AssertShape(snapshot);
        return snapshot;
    }

    public static void AssertShape(JsonElement snapshot) =>
        Assert.Equal(
            ["wg", "sur", "room", "state", "item", "itemIndex", "itemCount", "nextItem", "remainingMs", "deadline", "serverTime", "version", "warningMs", "message"],
            snapshot.Names());

    public static long Long(this JsonElement element, string property) => element.GetProperty(property).GetInt64();

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind is JsonValueKind.Null;

    /// <summary>(kind, title, organisationId, allottedMs) of the snapshot's item.</summary>
    public static (string Kind, string Title, string? OrganisationId, long AllottedMs) Item(this JsonElement snapshot, string property = "item")
    {
        var item = snapshot.GetProperty(property);
        Assert.Equal(["kind", "title", "organisationId", "allottedMs"], item.Names());
        return (item.Str("kind"), item.Str("title"), item.GetProperty("organisationId").GetString(), item.Long("allottedMs"));
    }

    public static void Advance(this GatewayFactory gateway, int seconds) => gateway.Clock.Advance(TimeSpan.FromSeconds(seconds));

    public static async Task<string> ConsoleTokenAsync(this GatewayFactory gateway, string room)
    {
        using var response = await gateway.Operator().PostAsync($"/api/rooms/{room}/console-tokens", null);
        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Contains("token", body.Names());
        Assert.Equal(room, body.Str("room"));
        Assert.StartsWith("psc_", body.Str("token"));
        return body.Str("token");
    }
}
