using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Pages.Account;

namespace PreSessions.UnitTests.Gateway.Statements;

/// <summary>
/// The statement form without JavaScript: rows posted in order with their ticked ids, blank rows left out of what the
/// API is sent, and the API's errors (numbered by what it was sent) put back on the rows they came from.
/// </summary>
public sealed class StatementFormTests
{
    [Fact]
    public void Blank_rows_are_not_sent_and_each_row_keeps_its_own_ids()
    {
        var form = StatementForm.Posted("en", "A", "Q", ["", "First", "  ", "Second"], ["1:118.25", "3:118.30", "3:118.31", "9:118.99", "junk"]);

        var request = form.Request();

        Assert.Equal(["First", "Second"], request.Recommendations!.Select(r => r!.Text));
        Assert.Equal(["118.25"], request.Recommendations![0]!.RecommendationIds!);
        Assert.Equal(["118.30", "118.31"], request.Recommendations![1]!.RecommendationIds!.Order());
    }

    [Fact]
    public void The_APIs_errors_go_back_to_the_rows_they_came_from()
    {
        var form = StatementForm.Posted("en", "", "Q", ["", "Too long", "", "Bad id"], ["3:nope"]);
        var check = new Validation();
        check.Add("assessment", "This field is required.");
        check.Add("recommendations[0].text", "Give 1 to 1000 characters.");
        check.Add("recommendations[1].recommendationIds[0]", "There is no recommendation nope among those imported for this pre-session.");

        var errors = form.Errors(check);

        Assert.True(errors.Has("assessment"));
        Assert.Equal(["Give 1 to 1000 characters."], errors.For(StatementForm.RowField(1)));
        Assert.Single(errors.For(StatementForm.RowField(3)));
        Assert.False(errors.Has(StatementForm.RowField(0)));
        Assert.False(errors.Has("recommendations"));
    }

    [Fact]
    public void A_form_has_at_least_three_rows_always_one_blank_and_one_more_on_request()
    {
        Assert.Equal(3, StatementForm.Of(null, "fr").Rows.Length);
        Assert.Equal("fr", StatementForm.Of(null, "fr").Language);
        Assert.Equal("en", StatementForm.Of(null, "de").Language);
        var four = new StatementDraft("es", "A", "Q", [.. Enumerable.Range(1, 4).Select(i => new StatementRecommendation($"R{i}", []))]);
        Assert.Equal(5, StatementForm.Of(four, "en").Rows.Length);
        Assert.Equal(4, StatementForm.Posted("en", "A", "Q", ["a", "", ""], null, extraRows: 1).Rows.Length);
    }

    [Fact]
    public void Rows_stop_at_the_APIs_maximum()
    {
        var full = StatementForm.Posted("en", "A", "Q", [.. Enumerable.Range(0, StatementRules.MaxRecommendations).Select(i => $"R{i}")], null, extraRows: 1);

        Assert.Equal(StatementRules.MaxRecommendations, full.Rows.Length);
    }
}
