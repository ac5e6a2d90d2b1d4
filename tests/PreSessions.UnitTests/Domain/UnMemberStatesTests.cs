using System.Globalization;
using System.Text;
using Xunit;

namespace PreSessions.UnitTests.Domain;

public class UnMemberStatesTests
{
    [Fact]
    public void Has_exactly_193_member_states()
    {
        Assert.Equal(193, UnMemberStates.All.Count);
    }

    [Fact]
    public void Codes_are_three_upper_case_ascii_letters_and_unique()
    {
        foreach (var code in UnMemberStates.All.Keys)
        {
            Assert.True(code.Length == 3 && code.All(char.IsAsciiLetterUpper), $"Bad code '{code}'.");
        }
        Assert.Equal(UnMemberStates.All.Count, UnMemberStates.All.Keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Names_are_non_empty_and_unique()
    {
        Assert.All(UnMemberStates.All.Values, name => Assert.False(string.IsNullOrWhiteSpace(name)));
        Assert.Equal(UnMemberStates.All.Count, UnMemberStates.All.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_state_has_its_name_in_english_french_and_spanish_and_none_is_blank()
    {
        Assert.Equal(UnMemberStates.All.Keys.Order(), UnMemberStates.Names.Keys.Order());
        Assert.All(UnMemberStates.Names, s =>
        {
            Assert.Equal(UnMemberStates.All[s.Key], s.Value.English);
            foreach (var name in new[] { s.Value.English, s.Value.French, s.Value.Spanish })
                Assert.False(string.IsNullOrWhiteSpace(name) || name != name.Trim(), $"{s.Key}: blank or padded name '{name}'.");
        });
        // No two States share a name in any language: a page naming a State names one State.
        Assert.Equal(193, UnMemberStates.Names.Values.Select(n => n.French).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(193, UnMemberStates.Names.Values.Select(n => n.Spanish).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("CIV", "Côte d'Ivoire", "Côte d'Ivoire")]
    [InlineData("LAO", "République démocratique populaire lao", "República Democrática Popular Lao")]
    [InlineData("BOL", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)")]
    [InlineData("ARE", "Émirats arabes unis", "Emiratos Árabes Unidos")]
    [InlineData("DEU", "Allemagne", "Alemania")]
    [InlineData("NLD", "Pays-Bas (Royaume des)", "Países Bajos (Reino de los)")]
    [InlineData("TZA", "République-Unie de Tanzanie", "República Unida de Tanzanía")]
    [InlineData("GBR", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "Reino Unido de Gran Bretaña e Irlanda del Norte")]
    public void French_and_spanish_names_are_the_un_short_names(string code, string french, string spanish)
    {
        var names = UnMemberStates.Names[code];
        Assert.Equal((french, spanish), (names.French, names.Spanish));
        Assert.Equal((names.English, french, spanish), (names.In("en"), names.In("fr"), names.In("es")));
        Assert.Equal(names.English, names.In("de"));
    }

    [Theory]
    [InlineData("BHS", "Bahamas")]
    [InlineData("BRB", "Barbados")]
    [InlineData("BWA", "Botswana")]
    [InlineData("BDI", "Burundi")]
    [InlineData("FRA", "France")]
    [InlineData("ISR", "Israel")]
    [InlineData("LIE", "Liechtenstein")]
    [InlineData("LUX", "Luxembourg")]
    [InlineData("MLI", "Mali")]
    [InlineData("MNE", "Montenegro")]
    [InlineData("ROU", "Romania")]
    [InlineData("SRB", "Serbia")]
    [InlineData("TON", "Tonga")]
    [InlineData("ARE", "United Arab Emirates")]
    public void Wg29_states_are_present_with_their_names(string code, string expectedName)
    {
        Assert.True(UnMemberStates.IsMember(code));
        Assert.True(UnMemberStates.TryGetName(code, out var name));
        Assert.Equal(expectedName, name);
    }

    [Theory]
    [InlineData("VAT")] // Holy See: observer State
    [InlineData("PSE")] // State of Palestine: observer State
    [InlineData("XKX")] // Kosovo: not a member (user-assigned code)
    [InlineData("TWN")] // Taiwan: not a member
    public void Non_members_are_absent(string code)
    {
        Assert.False(UnMemberStates.IsMember(code));
        Assert.False(UnMemberStates.TryGetName(code, out var name));
        Assert.Equal(string.Empty, name);
    }

    [Fact]
    public void Lookup_is_case_sensitive()
    {
        // Lower case is rejected by the API layer; the catalogue itself does not fold case.
        Assert.True(UnMemberStates.IsMember("FRA"));
        Assert.False(UnMemberStates.IsMember("fra"));
        Assert.False(UnMemberStates.TryGetName("Fra", out _));
    }

    [Fact]
    public void Names_with_special_characters_round_trip_from_the_csv()
    {
        Assert.Equal("Côte d'Ivoire", UnMemberStates.All["CIV"]);
        Assert.Equal("Türkiye", UnMemberStates.All["TUR"]);
        Assert.Equal("Democratic People's Republic of Korea", UnMemberStates.All["PRK"]);
        Assert.Equal("United Kingdom of Great Britain and Northern Ireland", UnMemberStates.All["GBR"]);
    }

    // Cross-check against the platform's (ICU) region data, built from the specific cultures
    // because RegionInfo cannot be constructed from an alpha-3 code directly.
    private static Dictionary<string, RegionInfo> PlatformRegionsByAlpha3()
    {
        var regions = new Dictionary<string, RegionInfo>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            var region = new RegionInfo(culture.Name);
            regions.TryAdd(region.ThreeLetterISORegionName, region);
        }
        return regions;
    }

    [Fact]
    public void Codes_agree_with_platform_region_data()
    {
        var platform = PlatformRegionsByAlpha3();
        // Fails (rather than silently passing) under InvariantGlobalization, where there is no region data.
        Assert.NotEmpty(platform);

        var known = UnMemberStates.All.Where(s => platform.ContainsKey(s.Key)).ToList();
        Assert.True(known.Count >= 150, $"Only {known.Count} of our codes are known to the platform.");

        // Every code the platform knows must denote the same country: UN formal names and
        // CLDR names differ ("Viet Nam"/"Vietnam", "Russian Federation"/"Russia"), so compare
        // by shared distinctive words rather than by equality.
        var mismatches = known
            .Where(s => !SameCountry(s.Value, platform[s.Key].EnglishName))
            .Select(s => $"{s.Key}: ours '{s.Value}', platform '{platform[s.Key].EnglishName}'")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    // Names that share words with another State's name, so the word comparison above would
    // not catch two of them having their codes swapped; pin them via the alpha-2 code instead.
    [Theory]
    [InlineData("Republic of Korea", "KR")]
    [InlineData("Democratic People's Republic of Korea", "KP")]
    [InlineData("Congo", "CG")]
    [InlineData("Democratic Republic of the Congo", "CD")]
    [InlineData("Guinea", "GN")]
    [InlineData("Guinea-Bissau", "GW")]
    [InlineData("Equatorial Guinea", "GQ")]
    [InlineData("Niger", "NE")]
    [InlineData("Nigeria", "NG")]
    [InlineData("Sudan", "SD")]
    [InlineData("South Sudan", "SS")]
    [InlineData("Dominica", "DM")]
    [InlineData("Dominican Republic", "DO")]
    [InlineData("Austria", "AT")]
    [InlineData("Australia", "AU")]
    [InlineData("Slovakia", "SK")]
    [InlineData("Slovenia", "SI")]
    public void Easily_confused_states_have_the_platforms_code(string name, string alpha2)
    {
        var code = Assert.Single(UnMemberStates.All, s => s.Value == name).Key;
        Assert.Equal(code, new RegionInfo(alpha2).ThreeLetterISORegionName);
    }

    // Words that many State names share, so they say nothing about which country is meant.
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "st", "saint", "republic", "democratic", "people", "peoples", "state", "states",
        "federal", "federated", "federation", "united", "kingdom", "islamic", "plurinational", "bolivarian", "arab",
    };

    // Former names still used by older ICU/CLDR releases.
    private static readonly Dictionary<string, string> FormerNames = new(StringComparer.Ordinal)
    {
        ["Türkiye"] = "Turkey",
        ["Eswatini"] = "Swaziland",
    };

    private static bool SameCountry(string ours, string platform)
    {
        if (FormerNames.TryGetValue(ours, out var former) && platform.Contains(former, StringComparison.Ordinal))
            return true;

        var ourWords = Words(ours);
        var platformWords = Words(platform);
        var ourDistinctive = ourWords.Where(w => !GenericWords.Contains(w) && w.Length >= 3).ToList();
        var platformDistinctive = platformWords.Where(w => !GenericWords.Contains(w) && w.Length >= 3).ToList();
        var ourJoined = string.Concat(ourWords);
        var platformJoined = string.Concat(platformWords);

        // Names made only of generic words ("United States") are compared whole.
        if (ourDistinctive.Count == 0 || platformDistinctive.Count == 0)
            return ourJoined.Contains(platformJoined, StringComparison.Ordinal)
                || platformJoined.Contains(ourJoined, StringComparison.Ordinal);

        // Substring, not equality, so "Syria"/"Syrian", "Lao"/"Laos", "Viet"/"Vietnam" match.
        return ourDistinctive.Any(w => platformJoined.Contains(w, StringComparison.Ordinal))
            || platformDistinctive.Any(w => ourJoined.Contains(w, StringComparison.Ordinal));
    }

    // Lower-case ASCII words: diacritics stripped, split on anything that is not a letter.
    private static List<string> Words(string name)
    {
        var letters = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            letters.Append(char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
