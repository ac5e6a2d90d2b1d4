using PreSessions.Silo.Storage;

namespace PreSessions.UnitTests.Persistence;

/// <summary>
/// What a write of a record stored in parts does to one list: only the items that came, changed or went are written,
/// and the stored numbers always read the list back in its order.
/// </summary>
public sealed class ItemOrderTests
{
    private static readonly Dictionary<string, ItemOrder.Stored> Nothing = [];

    /// <summary>Stores the list as a first write would, and answers what storage then holds.</summary>
    private static Dictionary<string, ItemOrder.Stored> Stored(params (string Key, object Value)[] items) =>
        ItemOrder.For(Nothing, items).After;

    /// <summary>The keys in the order storage reads them back (by number).</summary>
    private static string[] ReadBack(Dictionary<string, ItemOrder.Stored> stored) =>
        [.. stored.OrderBy(s => s.Value.Order).Select(s => s.Key)];

    [Fact]
    public void A_first_write_stores_every_item_in_order()
    {
        var plan = ItemOrder.For(Nothing, [("a", "A"), ("b", "B"), ("c", "C")]);

        Assert.Equal(["a", "b", "c"], plan.Upserts.Select(u => u.Key));
        Assert.Empty(plan.Deletes);
        Assert.Equal(["a", "b", "c"], ReadBack(plan.After));
    }

    [Fact]
    public void Appending_writes_the_new_item_only()
    {
        object a = "A", b = "B";
        var stored = Stored(("a", a), ("b", b));

        var plan = ItemOrder.For(stored, [("a", a), ("b", b), ("c", "C")]);

        var upsert = Assert.Single(plan.Upserts);
        Assert.Equal("c", upsert.Key);
        Assert.True(upsert.Order > stored["b"].Order);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Removing_from_the_middle_deletes_that_item_only()
    {
        object a = "A", b = "B", c = "C";
        var stored = Stored(("a", a), ("b", b), ("c", c));

        var plan = ItemOrder.For(stored, [("a", a), ("c", c)]);

        Assert.Empty(plan.Upserts);
        Assert.Equal(["b"], plan.Deletes);
        Assert.Equal(["a", "c"], ReadBack(plan.After));
    }

    [Fact]
    public void A_changed_item_is_rewritten_in_place()
    {
        object a = "A", b = "B";
        var stored = Stored(("a", a), ("b", b));

        var plan = ItemOrder.For(stored, [("a", "A, changed"), ("b", b)]);

        var upsert = Assert.Single(plan.Upserts);
        Assert.Equal(("a", stored["a"].Order), (upsert.Key, upsert.Order));
    }

    [Fact]
    public void An_item_inserted_between_two_takes_a_number_between_theirs()
    {
        object a = "A", c = "C";
        var stored = Stored(("a", a), ("c", c));

        var plan = ItemOrder.For(stored, [("a", a), ("b", "B"), ("c", c)]);

        Assert.Equal("b", Assert.Single(plan.Upserts).Key);
        Assert.Equal(["a", "b", "c"], ReadBack(plan.After));
    }

    [Fact]
    public void A_moved_item_is_rewritten_at_its_new_place()
    {
        object a = "A", b = "B", c = "C";
        var stored = Stored(("a", a), ("b", b), ("c", c));

        var plan = ItemOrder.For(stored, [("c", c), ("a", a), ("b", b)]);

        // c keeps its place; a and b move after it.
        Assert.Equal(["a", "b"], plan.Upserts.Select(u => u.Key));
        Assert.Equal(["c", "a", "b"], ReadBack(plan.After));
    }

    [Fact]
    public void When_no_number_fits_between_neighbours_the_list_is_renumbered_and_reads_back_in_order()
    {
        object a = "A", b = "B";
        // Neighbours one apart: nothing fits between them.
        var stored = new Dictionary<string, ItemOrder.Stored> { ["a"] = new(1, a), ["b"] = new(2, b) };

        var plan = ItemOrder.For(stored, [("a", a), ("x", "X"), ("b", b)]);

        Assert.Equal(["a", "b", "x"], plan.Upserts.Select(u => u.Key).Order());
        Assert.Equal(["a", "x", "b"], ReadBack(plan.After));
        Assert.True(plan.After.Values.Zip(plan.After.Values.Skip(1)).All(p => Math.Abs(p.First.Order - p.Second.Order) >= ItemOrder.Gap));
    }

    [Fact]
    public void Many_edits_in_a_row_always_read_back_as_the_list()
    {
        var random = new Random(20261202);
        var list = new List<(string Key, object Value)>();
        var stored = new Dictionary<string, ItemOrder.Stored>();
        var next = 0;
        for (var round = 0; round < 2_000; round++)
        {
            switch (random.Next(4))
            {
                case 0 when list.Count > 0: list.RemoveAt(random.Next(list.Count)); break;
                case 1: list.Insert(random.Next(list.Count + 1), ($"k{next++}", new object())); break;
                case 2 when list.Count > 0:
                    var changed = random.Next(list.Count);
                    list[changed] = (list[changed].Key, new object());
                    break;
                default: list.Add(($"k{next++}", new object())); break;
            }
            var plan = ItemOrder.For(stored, list);
            var applied = new Dictionary<string, ItemOrder.Stored>(stored);
            foreach (var key in plan.Deletes)
                applied.Remove(key);
            foreach (var (key, order, value) in plan.Upserts)
                applied[key] = new(order, value);

            Assert.Equal(list.Select(i => i.Key), ReadBack(applied));
            Assert.All(list, i => Assert.Same(i.Value, applied[i.Key].Value));
            stored = plan.After;
        }
    }

    [Fact]
    public void Two_items_with_one_key_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ItemOrder.For(Nothing, [("a", "A"), ("a", "B")]));
    }
}
