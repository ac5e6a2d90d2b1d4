using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>
/// GET /api/organisations?search=&amp;cursor=: the operator's list of organisations, by name, paged with an opaque
/// cursor, each with the flags of names that read alike (duplicateName, lookAlikeName, mixedScripts). Flagged names
/// are registered all the same.
/// </summary>
public sealed class OrganisationListTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>Letters only, so that the look-alike folding (0 as o, 1 as l) cannot make two markers alike.</summary>
    private static string Marker() => string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).Select(c => (char)(c - 'a' + 'p')));

    [Fact]
    public async Task Each_item_has_the_contracts_fields_and_search_ignores_case()
    {
        var marker = Marker();
        var org = await gateway.RegisterAsync("nhri", $"Commission {marker}", "FRA");

        var body = await ListAsync($"?search={marker.ToUpperInvariant()}");

        Assert.Equal(["items", "next"], body.Names());
        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(["id", "name", "kind", "country", "flags"], item.Names());
        Assert.Equal((org.Id, $"Commission {marker}", "nhri", "FRA"), (item.Str("id"), item.Str("name"), item.Str("kind"), item.Str("country")));
        Assert.Empty(item.GetProperty("flags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Duplicates_look_alikes_and_mixed_scripts_are_flagged_and_still_registered()
    {
        var marker = Marker();
        var original = await gateway.RegisterAsync("cso", $"Rights Watch {marker}");
        var duplicate = await gateway.RegisterAsync("cso", $"  rights   WATCH {marker}");
        var cyrillic = await gateway.RegisterAsync("cso", $"Rights W\u0430tch {marker}");      // a Cyrillic "а"
        var accented = await gateway.RegisterAsync("cso", $"Rîghts-Watch {marker}");
        var world = await gateway.RegisterAsync("cso", $"World Voices {marker}");
        var zero = await gateway.RegisterAsync("cso", $"W0rld Voices {marker}");        // a zero for the "o"
        var global = await gateway.RegisterAsync("cso", $"Global Forum {marker}");
        var capitalI = await gateway.RegisterAsync("cso", $"GIobal Forum {marker}");    // a capital "I" for the "l"
        var other = await gateway.RegisterAsync("cso", $"Other Voices {marker}");

        var flags = (await ListAsync($"?search={marker}")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.Str("id"), i => i.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray());

        Assert.Equal(["duplicateName", "lookAlikeName"], flags[original.Id]);
        Assert.Equal(["duplicateName", "lookAlikeName"], flags[duplicate.Id]);
        Assert.Equal(["lookAlikeName", "mixedScripts"], flags[cyrillic.Id]);
        Assert.Equal(["lookAlikeName"], flags[accented.Id]);
        foreach (var alike in new[] { world, zero, global, capitalI })
            Assert.Equal(["lookAlikeName"], flags[alike.Id]);
        Assert.Empty(flags[other.Id]);
    }

    [Fact]
    public async Task A_word_in_two_scripts_is_flagged_but_two_words_in_two_scripts_are_not()
    {
        var marker = Marker();
        var mixed = await gateway.RegisterAsync("cso", $"Ηuman {marker}");                 // a Greek capital eta
        var apart = await gateway.RegisterAsync("cso", $"Права человека Human Rights {marker}");
        var japanese = await gateway.RegisterAsync("cso", $"人権ネットワーク {marker}");

        var flags = (await ListAsync($"?search={marker}")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.Str("id"), i => i.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray());

        Assert.Equal(["mixedScripts"], flags[mixed.Id]);
        Assert.Empty(flags[apart.Id]);
        Assert.Empty(flags[japanese.Id]);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_in_name_order_until_next_is_null()
    {
        var marker = Marker();
        var names = new[] { "Echo", "Alpha", "Delta", "Bravo", "Charlie" }.Select(n => $"{n} {marker}").ToArray();
        foreach (var name in names)
            await gateway.RegisterAsync("cso", name);

        var seen = new List<string>();
        var sizes = new List<int>();
        var url = $"?search={marker}&limit=2";
        for (var page = 0; page < 10; page++)
        {
            var body = await ListAsync(url);
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.Str("name")).ToArray();
            seen.AddRange(items);
            sizes.Add(items.Length);
            if (body.GetProperty("next").ValueKind is JsonValueKind.Null)
                break;
            url = $"?search={marker}&limit=2&cursor={Uri.EscapeDataString(body.Str("next"))}";
        }

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), seen);
    }

    [Fact]
    public async Task Empty_search_and_cursor_as_the_contract_writes_them_list_from_the_start()
    {
        await gateway.RegisterAsync("cso", $"Anyone {Marker()}");

        var body = await ListAsync("?search=&cursor=");

        Assert.NotEmpty(body.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?cursor=b3JnLWFhYWFhYWFhYWFhYWFhYWE", "cursor")] // a well-formed id nobody has
    [InlineData("?cursor=%00", "cursor")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=x", "limit")]
    [InlineData("?search=a%00b", "search")]
    [InlineData("?search=%0A%0A", "search")]
    public async Task A_malformed_cursor_limit_or_search_is_400_naming_it(string query, string field)
    {
        using var response = await gateway.Operator().GetAsync("/api/organisations" + query);

        await response.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task Only_the_operator_lists_organisations()
    {
        var cso = await gateway.RegisterAsync("cso");

        await (await gateway.Client().GetAsync("/api/organisations")).UnauthorizedAsync();
        await (await gateway.Client("xyz").GetAsync("/api/organisations")).UnauthorizedAsync();
        await (await gateway.Client(cso.Token).GetAsync("/api/organisations")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<JsonElement> ListAsync(string query)
    {
        using var response = await gateway.Operator().GetAsync("/api/organisations" + query);
        return await response.JsonAsync(HttpStatusCode.OK);
    }
}
