using PreSessions.Gateway.Pages.Operator.Statements;

namespace PreSessions.UnitTests.Gateway.Statements;

/// <summary>
/// The operator's diff between two versions of a statement: every line numbered on its side, a removed and an added
/// line told apart, and within an edited line only the words that changed marked.
/// </summary>
public sealed class TextDiffTests
{
    [Fact]
    public void A_removed_and_an_added_line_are_numbered_on_their_own_side()
    {
        var lines = TextDiff.Lines("intro\nold point\nend", "intro\nend\nnew point");

        Assert.Equal(
            [(LineChange.Unchanged, (int?)1, (int?)1, "intro"), (LineChange.Removed, 2, null, "old point"),
             (LineChange.Unchanged, 3, 2, "end"), (LineChange.Added, null, 3, "new point")],
            lines.Select(l => (l.Change, l.Before, l.After, l.Text)));
        Assert.True(TextDiff.AnyChange(lines));
    }

    [Fact]
    public void An_edited_line_marks_only_the_words_that_changed()
    {
        var lines = TextDiff.Lines("Ratify the convention on torture.", "Ratify the optional protocol on torture.");

        var removed = Assert.Single(lines, l => l.Change == LineChange.Removed);
        var added = Assert.Single(lines, l => l.Change == LineChange.Added);
        Assert.Equal("Ratify the convention on torture.", removed.Text);
        Assert.Equal("Ratify the optional protocol on torture.", added.Text);
        Assert.Equal(["convention"], removed.Spans.Where(s => s.Changed).Select(s => s.Text.Trim()));
        Assert.Equal(["optional protocol"], added.Spans.Where(s => s.Changed).Select(s => s.Text.Trim()));
        Assert.Contains(removed.Spans, s => !s.Changed && s.Text.Contains("Ratify"));
    }

    [Fact]
    public void Two_lines_replaced_by_three_are_whole_lines_removed_and_added()
    {
        var lines = TextDiff.Lines("a\nb", "c\nd\ne");

        Assert.Equal([LineChange.Removed, LineChange.Removed, LineChange.Added, LineChange.Added, LineChange.Added], lines.Select(l => l.Change));
        Assert.All(lines, l => Assert.True(Assert.Single(l.Spans).Changed));
    }

    [Theory]
    [InlineData("same\ntext", "same\ntext")]
    [InlineData("same\r\ntext", "same\ntext")]
    public void The_same_text_has_no_change(string before, string after)
    {
        var lines = TextDiff.Lines(before, after);

        Assert.False(TextDiff.AnyChange(lines));
        Assert.Equal(["same", "text"], lines.Select(l => l.Text));
    }

    [Fact]
    public void White_space_is_a_change()
    {
        Assert.True(TextDiff.AnyChange(TextDiff.Lines("a  b", "a b")));
    }
}
