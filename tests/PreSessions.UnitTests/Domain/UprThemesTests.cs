namespace PreSessions.UnitTests.Domain;

/// <summary>The themes list: well-formed, each label naming one theme only, found in any of its languages.</summary>
public sealed class UprThemesTests
{
    [Fact]
    public void Every_theme_has_an_id_and_three_labels_and_no_label_names_two_themes()
    {
        Assert.InRange(UprThemes.All.Length, 40, 80);
        Assert.All(UprThemes.All, t =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", t.Id);
            Assert.All(new[] { t.English, t.French, t.Spanish }, label => Assert.False(string.IsNullOrWhiteSpace(label)));
            Assert.Same(t, UprThemes.Find(t.Id));
        });
        var labels = UprThemes.All.SelectMany(t => new[] { t.Id, t.English, t.French, t.Spanish }.Distinct(StringComparer.OrdinalIgnoreCase).Select(l => (l, t.Id)));
        Assert.Empty(labels.GroupBy(p => p.l, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(p => p.Id).Distinct().Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [InlineData("Women's rights", "women-rights")]
    [InlineData("  droits des femmes ", "women-rights")]
    [InlineData("DERECHOS DE LA MUJER", "women-rights")]
    [InlineData("Climate justice", "climate justice")]
    public void A_theme_is_known_by_its_id_or_any_label_and_free_text_by_itself(string text, string key)
    {
        Assert.Equal(key, UprThemes.KeyOf(text));
        Assert.Equal("Droits des femmes", UprThemes.Find("women-rights")!.In("fr"));
    }
}
