using System.Text;

namespace PreSessions.UnitTests.Names;

/// <summary>The rules of names people choose (<see cref="NameRules"/>) and of names that read alike (<see cref="LookAlikes"/>).</summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("Rights Watch")]
    [InlineData("Правозащитный центр")]
    [InlineData("中国人权研究会")]
    [InlineData("मानवाधिकार केंद्र")]
    [InlineData("x\u0301\u0308")]
    [InlineData("7")]
    public void Ordinary_names_in_any_script_pass(string name)
    {
        Assert.Null(NameRules.Refusal(name, out var kept));
        Assert.Equal(name.Normalize(NormalizationForm.FormC), kept);
    }

    [Fact]
    public void A_name_is_kept_composed()
    {
        Assert.Null(NameRules.Refusal("Cafe\u0301", out var kept));
        Assert.Equal("Caf\u00e9", kept);
    }

    [Theory]
    [InlineData("a\u202eb")]
    [InlineData("a\u200bb")]
    [InlineData("a\u200cb")]
    [InlineData("a\u2066b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u2028b")]
    [InlineData("a\ue000b")]
    [InlineData("\u200b")]
    [InlineData("\u3164\u3164")]
    [InlineData("- . -")]
    [InlineData("x\u0301\u0301\u0301")]
    public void Hiding_reordering_smearing_or_blank_names_are_refused(string name)
    {
        Assert.NotNull(NameRules.Refusal(name, out var kept));
        Assert.Equal("", kept);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_before_it_can_break_normalisation()
    {
        // Built in code: an attribute's string would reach the test with the surrogate already replaced.
        foreach (var name in new[] { "a" + (char)0xD800, "a" + (char)0xDC00 + "b", (char)0xDC00 + "" + (char)0xD800 })
            Assert.Contains("surrogate", NameRules.Refusal(name, out _));
    }

    [Fact]
    public void Marks_count_in_a_row_and_start_again_after_a_letter()
    {
        Assert.Null(NameRules.Refusal("x\u0301\u0301y\u0301\u0301", out _));
        Assert.NotNull(NameRules.Refusal("x\u0301\u0301\u20dd", out _)); // an enclosing mark counts too
    }

    [Theory]
    [InlineData("Rights Watch", "  rights   WATCH ")]
    [InlineData("Amnesty", "AMNESTY")]
    public void Duplicates_differ_only_in_case_and_white_space(string a, string b) =>
        Assert.Equal(LookAlikes.DuplicateKey(a.Trim()), LookAlikes.DuplicateKey(b.Trim()));

    [Theory]
    [InlineData("Rights Watch", "Rights W\u0430tch")]     // Cyrillic a
    [InlineData("Rights Watch", "Rights-Watch")]
    [InlineData("Rights Watch", "Rîghts Watch")]
    [InlineData("Global", "GIobal")]                       // capital I for l
    [InlineData("Global", "G1obal")]
    [InlineData("World", "W0rld")]
    [InlineData("Modern", "Modem")]                        // rn for m
    [InlineData("Wave", "VVave")]
    [InlineData("ΡΗΟΤΟ", "PHOTO")]                       // Greek capitals
    [InlineData("Сеntеr", "Center")]                       // Cyrillic capitals and small letters
    public void Look_alikes_share_a_skeleton(string a, string b) =>
        Assert.Equal(LookAlikes.Skeleton(a), LookAlikes.Skeleton(b));

    [Theory]
    [InlineData("Rights Watch", "Rights Match")]
    [InlineData("Mali", "Mall")]
    [InlineData("Центр", "Center")]
    public void Different_names_have_different_skeletons(string a, string b) =>
        Assert.NotEqual(LookAlikes.Skeleton(a), LookAlikes.Skeleton(b));

    [Theory]
    [InlineData("Rights W\u0430tch", true)]
    [InlineData("Ηuman", true)]                             // Greek capital eta
    [InlineData("Права человека Human Rights", false)]
    [InlineData("Москва-Paris", false)]                     // two words
    [InlineData("人権ネットワーク", false)]                  // scripts told apart are Latin, Greek, Cyrillic, ...
    [InlineData("Café", false)]
    [InlineData("Rights Watch", false)]
    public void A_word_in_two_scripts_mixes_them(string name, bool mixed) =>
        Assert.Equal(mixed, LookAlikes.MixesScripts(name));
}
