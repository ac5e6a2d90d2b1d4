using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace PreSessions.FunctionalTests;

/// <summary>POST /api/organisations and GET /api/organisations/{id}.</summary>
public sealed partial class OrganisationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [GeneratedRegex("^org-[a-z2-7]{16}$")]
    private static partial Regex IdFormat();

    [Fact]
    public async Task Register_answers_201_with_a_server_made_id_and_a_token()
    {
        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations",
            new { name = "  Defenders of Rights  ", kind = "cso", country = "FRA", email = "contact@defenders.example" });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(["id", "name", "kind", "country", "token"], body.Names());
        Assert.Matches(IdFormat(), body.Str("id"));
        Assert.Equal("Defenders of Rights", body.Str("name")); // trimmed
        Assert.Equal("cso", body.Str("kind"));
        Assert.Equal("FRA", body.Str("country"));
        Assert.False(string.IsNullOrWhiteSpace(body.Str("token")));
        Assert.Equal($"/api/organisations/{body.Str("id")}", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("cso")]
    [InlineData("nhri")]
    [InlineData("mission")]
    public async Task Every_kind_registers_and_country_is_optional(string kind)
    {
        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name = "Somebody", kind });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(kind, body.Str("kind"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("country").ValueKind);
    }

    [Fact]
    public async Task Each_registration_gets_its_own_id_and_token()
    {
        var first = await gateway.RegisterAsync("cso", "Same name");
        var second = await gateway.RegisterAsync("cso", "Same name");

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task A_200_character_name_is_accepted()
    {
        var name = new string('n', 200);
        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name, kind = "nhri" });

        Assert.Equal(name, (await response.JsonAsync(HttpStatusCode.Created)).Str("name"));
    }

    [Fact]
    public async Task The_organisation_reads_its_own_profile_with_its_token()
    {
        var org = await gateway.RegisterAsync("nhri", "Commission nationale", "FRA");

        var body = await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}");

        Assert.Equal(["id", "name", "kind", "country", "applications", "rsvps"], body.Names());
        Assert.Equal(org.Id, body.Str("id"));
        Assert.Equal("Commission nationale", body.Str("name"));
        Assert.Equal("nhri", body.Str("kind"));
        Assert.Equal("FRA", body.Str("country"));
        Assert.Empty(body.GetProperty("applications").EnumerateArray());
        Assert.Empty(body.GetProperty("rsvps").EnumerateArray());
    }

    [Fact]
    public async Task The_operator_reads_any_profile()
    {
        var org = await gateway.RegisterAsync("mission", "Permanent Mission of Mali", "MLI");

        var body = await gateway.Operator().GetJsonAsync($"/api/organisations/{org.Id}");

        Assert.Equal(org.Id, body.Str("id"));
        Assert.Equal("mission", body.Str("kind"));
    }

    [Fact]
    public async Task The_profile_lists_applications_and_rsvps_as_the_pre_sessions_see_them()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        await gateway.SchedulePreSessionAsync(wg, "BHS", panelSize: 1, startsAt: "2017-12-12T11:00:00+01:00");
        var first = await gateway.RegisterAsync("cso");
        var org = await gateway.RegisterAsync("cso");
        (await gateway.Client(first.Token).ApplyAsync(wg, "FRA", "First")).EnsureSuccessStatusCode();
        (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", "Second")).EnsureSuccessStatusCode();
        (await gateway.Client(org.Token).ApplyAsync(wg, "BHS", "Second")).EnsureSuccessStatusCode();

        var body = await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}");

        // Ordered by WG then SuR; FRA is on the waitlist behind the first applicant.
        var applications = body.GetProperty("applications").EnumerateArray().ToArray();
        Assert.Equal(2, applications.Length);
        Assert.Equal(["wg", "sur", "status", "position"], applications[0].Names());
        Assert.Equal((wg, "BHS", "panel", 1), (applications[0].Int("wg"), applications[0].Str("sur"), applications[0].Str("status"), applications[0].Int("position")));
        Assert.Equal((wg, "FRA", "waitlist", 1), (applications[1].Int("wg"), applications[1].Str("sur"), applications[1].Str("status"), applications[1].Int("position")));
    }

    // ---- Validation: each malformed field alone, named alone in `errors`.

    [Theory]
    [InlineData("""{"kind":"cso"}""", "name")]
    [InlineData("""{"name":"","kind":"cso"}""", "name")]
    [InlineData("""{"name":"   ","kind":"cso"}""", "name")]
    [InlineData("""{"name":"LONG201","kind":"cso"}""", "name")]
    [InlineData("""{"name":42,"kind":"cso"}""", "name")]
    [InlineData("""{"name":"Org"}""", "kind")]
    [InlineData("""{"name":"Org","kind":"ngo"}""", "kind")]
    [InlineData("""{"name":"Org","kind":"CSO"}""", "kind")]
    [InlineData("""{"name":"Org","kind":"cso","country":"fra"}""", "country")]
    [InlineData("""{"name":"Org","kind":"cso","country":"FR"}""", "country")]
    [InlineData("""{"name":"Org","kind":"cso","country":"XYZ"}""", "country")]
    [InlineData("""{"name":"Org","kind":"cso","email":"not an email"}""", "email")]
    [InlineData("""{"name":"Org","kind":"cso","email":"nobody.example"}""", "email")]
    [InlineData("""{"name":"Org","kind":"cso","email":""}""", "email")]
    public async Task Register_rejects_each_malformed_field(string json, string field)
    {
        using var response = await gateway.Client().PostAsync("/api/organisations",
            Http.Raw(json.Replace("LONG201", new string('x', 201))));

        await response.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task Register_rejects_an_idempotency_key_over_200_characters()
    {
        using var response = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations",
            JsonContent.Create(new { name = "Org", kind = "cso" }), new string('k', 201));

        await response.ValidationProblemAsync("Idempotency-Key");
    }

    [Fact]
    public async Task Register_rejects_malformed_json()
    {
        using var response = await gateway.Client().PostAsync("/api/organisations", Http.Raw("""{"name":"Org","kind":"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_rejects_another_content_type_with_415()
    {
        using var response = await gateway.Client().PostAsync("/api/organisations",
            Http.Raw("""{"name":"Org","kind":"cso"}""", "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, hasDetail: false); // the gateway gives no detail for 415
    }

    // ---- Idempotent registration.

    [Fact]
    public async Task The_same_registration_with_the_same_key_answers_the_same_id_and_a_working_token()
    {
        var key = "register-" + Guid.NewGuid();
        var request = new { name = "Human Rights Watchers", kind = "cso", country = "BHS" };

        using var first = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations", JsonContent.Create(request), key);
        using var again = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations", JsonContent.Create(request), key);

        var one = await first.JsonAsync(HttpStatusCode.Created);
        var two = await again.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(one.Str("id"), two.Str("id"));
        Assert.Equal(one.Str("token"), two.Str("token"));
        var profile = await gateway.Client(two.Str("token")).GetJsonAsync($"/api/organisations/{two.Str("id")}");
        Assert.Equal("Human Rights Watchers", profile.Str("name"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_registration_is_a_conflict()
    {
        var key = "register-" + Guid.NewGuid();
        using var first = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations",
            JsonContent.Create(new { name = "First body", kind = "cso" }), key);
        await first.JsonAsync(HttpStatusCode.Created);

        using var other = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations",
            JsonContent.Create(new { name = "Other body", kind = "cso" }), key);

        await other.ProblemAsync(HttpStatusCode.Conflict);
    }

    // ---- Who may read a profile.

    [Fact]
    public async Task Reading_a_profile_without_a_token_is_401()
    {
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client().GetAsync($"/api/organisations/{org.Id}");

        await response.UnauthorizedAsync();
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("pso_org-aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well-formed, never issued
    public async Task Reading_a_profile_with_an_unknown_token_is_401(string token)
    {
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(token).GetAsync($"/api/organisations/{org.Id}");

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task A_token_of_another_scheme_is_401()
    {
        var org = await gateway.RegisterAsync("cso");
        var client = gateway.Client();
        client.DefaultRequestHeaders.Authorization = new("Basic", "dXNlcjpwYXNz");

        using var response = await client.GetAsync($"/api/organisations/{org.Id}");

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task An_organisation_reading_another_organisation_is_403()
    {
        var reader = await gateway.RegisterAsync("cso");
        var other = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(reader.Token).GetAsync($"/api/organisations/{other.Id}");

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_well_formed_id_is_404_for_the_operator()
    {
        using var response = await gateway.Operator().GetAsync("/api/organisations/org-abcdefghijklmnop");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("org-ABCDEFGHIJKLMNOP")]
    [InlineData("org-short")]
    [InlineData("abcdefghijklmnopqrst")]
    public async Task A_malformed_id_is_400(string id)
    {
        using var response = await gateway.Operator().GetAsync($"/api/organisations/{id}");

        await response.ValidationProblemAsync("organisationId");
    }
}
