using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PreSessions.FunctionalTests.Security;

/// <summary>The cells' scenes (each its own WG session, pre-session, room, organisations and tokens), calls and verdicts.</summary>
public sealed partial class AuthorizationMatrixTests
{
    private static readonly object Statement = new
    {
        language = "en", assessment = "The matrix assesses.", questions = "Does the matrix ask?",
        recommendations = new[] { new { text = "Recommend the matrix.", recommendationIds = Array.Empty<string>() } },
    };

    /// <summary>The subject on the scene's panel (a mission does not apply).</summary>
    private static async Task SpeakerApplied(Scene s)
    {
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).ApplyAsync(s.Wg, s.Sur, Application), HttpStatusCode.Created);
    }

    /// <summary>The subject on the panel with a statement submitted (not approved, not consented to publishing).</summary>
    private static async Task StatementSubmitted(Scene s)
    {
        await SpeakerApplied(s);
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).PutAsJsonAsync($"{s.PreSession}/applications/{s.Subject.Id}/statement", Statement),
                HttpStatusCode.OK);
    }

    /// <summary>The scene's pre-session in review mode, and the subject's application to it (a mission does not apply).</summary>
    private static async Task InReview(Scene s)
    {
        await Must(s.Operator.PutAsJsonAsync(s.PreSession, new
        {
            startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = s.Room, panelSize = 6, seats = 40, selection = "review",
        }), HttpStatusCode.OK);
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).ApplyAsync(s.Wg, s.Sur, Application), HttpStatusCode.Created);
    }
    private async Task<Scene> SceneAsync(Row row, Caller caller)
    {
        // WG session numbers end at 999 and the cells outnumber them, even split over two gateways: a cell whose call
        // names no week, room or console and changes nothing (an organisation's read, the health checks, the reference)
        // gets no week of its own.
        var host = GatewayFor(caller);
        var needsWeek = (row.Template + row.Query).Contains("{wg}") || (row.Template + row.Query).Contains("{room}") ||
            row.Changes || row.Arrange is not null || caller is Caller.ConsoleOfRoom or Caller.ConsoleOfOtherRoom;
        var wg = needsWeek ? host.NextWg() : 0;
        var place = needsWeek ? $"{wg}" : Guid.NewGuid().ToString("N")[..12];
        var scene = new Scene
        {
            Wg = wg,
            Room = $"Matrix room {place}",
            OtherRoom = $"Matrix other room {place}",
            Operator = host.Operator(),
            Gateway = host,
        };
        if (needsWeek)
        {
            await Must(scene.Operator.PutAsJsonAsync($"/api/wg-sessions/{wg}",
                new { title = $"Matrix WG {wg}", venue = "Palais des Nations, Geneva", provisional = true }), HttpStatusCode.Created);
            await host.SchedulePreSessionAsync(wg, scene.Sur, panelSize: 6, seats: 40, room: scene.Room);
        }

        Organisation? own = null;
        scene.Caller = caller switch
        {
            Caller.Anonymous => host.Client(),
            Caller.GarbledToken => host.Client("xyz"),
            Caller.UnknownOrganisationToken => host.Client($"pso_org-{Base32(16)}_{Secret()}"),
            Caller.UnknownConsoleToken => host.Client($"psc_{Base64Url(Encoding.UTF8.GetBytes(scene.Room))}_{Secret()}"),
            Caller.RevokedToken => host.Client(await RevokedAsync(scene)),
            Caller.CsoOwn or Caller.CsoOther => host.Client((own = await RegisterAsync(host, "cso")).Token),
            Caller.NhriOwn or Caller.NhriOther => host.Client((own = await RegisterAsync(host, "nhri")).Token),
            Caller.MissionOwn or Caller.MissionOther => host.Client((own = await RegisterAsync(host, "mission")).Token),
            Caller.ConsoleOfRoom => host.Client(await ConsoleTokenAsync(scene.Operator, scene.Room)),
            Caller.ConsoleOfOtherRoom => host.Client(await OtherRoomConsoleAsync(scene)),
            Caller.Operator => scene.Operator,
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };

        var actsOnItsOwn = caller is Caller.CsoOwn or Caller.NhriOwn or Caller.MissionOwn;
        scene.Subject = row.Subject == SubjectKind.None ? null
            : actsOnItsOwn ? own
            : await RegisterAsync(host, row.Subject == SubjectKind.Mission ? "mission" : "cso");
        return scene;
    }

    private static async Task<Organisation> RegisterAsync(GatewayFactory gateway, string kind)
    {
        var registered = await gateway.RegisterAsync(kind);
        return new Organisation(registered.Id, registered.Token, kind);
    }

    private static async Task<string> RevokedAsync(Scene scene)
    {
        var revoked = await RegisterAsync(scene.Gateway, "cso");
        await Must(scene.Operator.DeleteAsync($"/api/organisations/{revoked.Id}/token"), HttpStatusCode.NoContent);
        return revoked.Token;
    }

    private static async Task<string> ConsoleTokenAsync(HttpClient op, string room)
    {
        using var response = await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null);
        return (await response.JsonAsync(HttpStatusCode.Created)).Str("token");
    }

    /// <summary>A console of a real room, booked for another pre-session of the same WG session.</summary>
    private static async Task<string> OtherRoomConsoleAsync(Scene scene)
    {
        await scene.Gateway.SchedulePreSessionAsync(scene.Wg, "DEU", startsAt: "2017-12-12T10:00:00+01:00", room: scene.OtherRoom);
        return await ConsoleTokenAsync(scene.Operator, scene.OtherRoom);
    }

    private static string Url(Row row, Scene scene)
    {
        var url = row.With.Aggregate(row.Template + row.Query, (u, w) => u.Replace("{" + w.Key + "}", w.Value));
        url = url.Replace("{wg}", scene.Wg.ToString())
            .Replace("{sur}", scene.Sur)
            .Replace("{room}", Uri.EscapeDataString(scene.Room));
        if (url.Contains("{organisationId}"))
            url = url.Replace("{organisationId}", scene.Subject?.Id ?? throw new InvalidOperationException($"{row.Name} names no subject"));
        if (url.Contains("{tokenId}"))
            url = url.Replace("{tokenId}", scene.TokenId ?? throw new InvalidOperationException($"{row.Name} issued no token"));
        Assert.DoesNotContain("{", url);
        return url;
    }

    /// <summary>What an answer gets wrong: its status, or the shape the contract gives a 401, 403, 404 or 409.</summary>
    private static async Task<string?> VerdictAsync(HttpResponseMessage response, int expected, bool stream)
    {
        var actual = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (stream && actual == 200)
            return expected == 200
                ? mediaType == "text/event-stream" ? null : $"200 as expected but {mediaType}, not text/event-stream"
                : $"expected {expected}, got 200 ({mediaType})";

        var text = await response.Content.ReadAsStringAsync();
        if (actual != expected)
            return $"expected {expected}, got {actual}: {Shorten(text)}";
        if (expected is 401 or 403 or 404 or 409)
        {
            if (mediaType != "application/problem+json")
                return $"{actual} as expected but {mediaType ?? "no content type"}, not application/problem+json: {Shorten(text)}";
            try
            {
                var problem = JsonDocument.Parse(text).RootElement;
                if (!problem.TryGetProperty("status", out var status) || status.GetInt32() != expected)
                    return $"{actual} as expected but the problem's status is not {expected}: {Shorten(text)}";
                if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
                    return $"{actual} as expected but the problem has no title: {Shorten(text)}";
            }
            catch (JsonException)
            {
                return $"{actual} as expected but the body is no JSON: {Shorten(text)}";
            }
        }
        if (expected == 401 && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
            return $"401 as expected but WWW-Authenticate is \"{response.Headers.WwwAuthenticate}\", not Bearer";
        return null;
    }

    /// <summary>
    /// Everything a call of the matrix could change, read by the operator: the WG session, the pre-session, its timer
    /// and rundown, the room's console tokens, the subject organisation (and whether its token still works), and the
    /// audit logs of all of them.
    /// </summary>
    private async Task<List<(string What, string State)>> StateAsync(Scene scene)
    {
        var room = Uri.EscapeDataString(scene.Room);
        var reads = new List<(string What, HttpClient Client)>
        {
            ($"/api/wg-sessions/{scene.Wg}", scene.Operator),
            (scene.PreSession, scene.Operator),
            (scene.Timer, scene.Operator),
            ($"{scene.PreSession}/rundown", scene.Operator),
            (scene.ConsoleTokens, scene.Operator),
            ($"/api/audit?wg={scene.Wg}", scene.Operator),
            ($"/api/audit?room={room}", scene.Operator),
        };
        if (scene.Subject is { } subject)
        {
            reads.Add(($"/api/organisations/{subject.Id}", scene.Operator));
            reads.Add(($"/api/audit?organisationId={subject.Id}", scene.Operator));
            reads.Add(($"/api/organisations/{subject.Id} with its own token", scene.Gateway.Client(subject.Token)));
        }

        var state = new List<(string, string)>();
        foreach (var (what, client) in reads)
        {
            using var response = await client.GetAsync(what.Split(' ')[0]);
            state.Add((what, $"{(int)response.StatusCode} {WithoutClock(await response.Content.ReadAsStringAsync())}"));
        }
        return state;
    }

    /// <summary>The server's clock in a snapshot is no state.</summary>
    private static string WithoutClock(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj)
            {
                obj.Remove("serverTime");
                return obj.ToJsonString();
            }
        }
        catch (JsonException)
        {
        }
        return json;
    }

    private static string? Difference(List<(string What, string State)> before, List<(string What, string State)> after)
    {
        var changes = before.Zip(after).Where(p => p.First.State != p.Second.State)
            .Select(p => $"{p.First.What}: {Shorten(p.First.State)} -> {Shorten(p.Second.State)}").ToArray();
        return changes.Length == 0 ? null : string.Join("; ", changes);
    }

    private static async Task Must(Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        using var response = await request;
        if (response.StatusCode != expected)
            throw new InvalidOperationException(
                $"setting the scene: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered " +
                $"{(int)response.StatusCode}, not {(int)expected}: {Shorten(await response.Content.ReadAsStringAsync())}");
    }

    private static string Operation(string method, string template)
    {
        // Razor Pages' route patterns have no leading slash, minimal APIs' do.
        var path = "/" + TemplateParameter().Replace(template, "{}").TrimStart('/');
        if (path.Length > 1)
            path = path.TrimEnd('/');
        return $"{method.ToUpperInvariant()} {path}";
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateParameter();

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Base32(int length) =>
        string.Concat(RandomNumberGenerator.GetBytes(length).Select(b => "abcdefghijklmnopqrstuvwxyz234567"[b & 31]));

    private static string Secret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}