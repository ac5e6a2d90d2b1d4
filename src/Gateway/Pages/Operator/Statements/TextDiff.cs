using System.Collections.Immutable;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace PreSessions.Gateway.Pages.Operator.Statements;

/// <summary>How a line of the later text relates to the earlier one.</summary>
public enum LineChange { Unchanged, Removed, Added }

/// <summary>A run of a line's text; <c>Changed</c> when these words are what was removed or added.</summary>
public sealed record DiffSpan(string Text, bool Changed);

/// <summary>One line of a diff, with its number in the earlier text, the later one, or both.</summary>
public sealed record DiffLine(LineChange Change, int? Before, int? After, ImmutableArray<DiffSpan> Spans)
{
    public string Text => string.Concat(Spans.Select(s => s.Text));
}

/// <summary>
/// A line diff of two texts (DiffPlex), white space counted: an operator reviewing a statement must see every change.
/// A block of removed lines followed by as many added lines is read as lines edited, and each of those pairs is diffed
/// again word by word, so the words that changed are marked within the line rather than the whole line alone.
/// </summary>
public static class TextDiff
{
    public static ImmutableArray<DiffLine> Lines(string before, string after)
    {
        var pieces = InlineDiffBuilder.Diff(Normalised(before), Normalised(after), ignoreWhiteSpace: false).Lines;
        var lines = ImmutableArray.CreateBuilder<DiffLine>(pieces.Count);
        var (old, @new) = (0, 0);
        for (var i = 0; i < pieces.Count;)
        {
            if (pieces[i].Type is ChangeType.Unchanged)
            {
                lines.Add(new DiffLine(LineChange.Unchanged, ++old, ++@new, [new DiffSpan(pieces[i].Text, false)]));
                i++;
                continue;
            }
            var removed = Run(pieces, i, ChangeType.Deleted);
            var added = Run(pieces, i + removed.Count, ChangeType.Inserted);
            if (removed.Count == 0 && added.Count == 0)
            {
                i++;   // DiffPlex's inline model has no other kind of line; one would be nothing to show
                continue;
            }
            var edited = removed.Count == added.Count;
            for (var k = 0; k < removed.Count; k++)
                lines.Add(new DiffLine(LineChange.Removed, ++old, null,
                    edited ? Words(removed[k], added[k], ChangeType.Deleted) : [new DiffSpan(removed[k], true)]));
            for (var k = 0; k < added.Count; k++)
                lines.Add(new DiffLine(LineChange.Added, null, ++@new,
                    edited ? Words(removed[k], added[k], ChangeType.Inserted) : [new DiffSpan(added[k], true)]));
            i += removed.Count + added.Count;
        }
        return lines.ToImmutable();
    }

    /// <summary>Whether the two texts differ at all, so the page can say "no change" rather than show a table of sameness.</summary>
    public static bool AnyChange(ImmutableArray<DiffLine> lines) => lines.Any(l => l.Change != LineChange.Unchanged);

    private static List<string> Run(List<DiffPiece> pieces, int from, ChangeType type)
    {
        var run = new List<string>();
        for (var i = from; i < pieces.Count && pieces[i].Type == type; i++)
            run.Add(pieces[i].Text);
        return run;
    }

    /// <summary>One side of an edited line: its words, those only on that side (<paramref name="side"/>) marked as changed.</summary>
    private static ImmutableArray<DiffSpan> Words(string before, string after, ChangeType side)
    {
        var spans = ImmutableArray.CreateBuilder<DiffSpan>();
        foreach (var piece in InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance).Lines)
        {
            if (piece.Type != ChangeType.Unchanged && piece.Type != side)
                continue;
            var changed = piece.Type == side;
            // Neighbours of the same kind are joined, so a changed phrase is one <ins> or <del>, not one per word.
            if (spans.Count > 0 && spans[^1].Changed == changed)
                spans[^1] = spans[^1] with { Text = spans[^1].Text + piece.Text };
            else
                spans.Add(new DiffSpan(piece.Text, changed));
        }
        return spans.ToImmutable();
    }

    /// <summary>Line ends as one: a version typed on Windows and one typed elsewhere differ in no line.</summary>
    private static string Normalised(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
