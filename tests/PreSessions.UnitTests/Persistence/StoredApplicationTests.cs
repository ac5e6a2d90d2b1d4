using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace PreSessions.UnitTests.Persistence;

/// <summary>
/// Pre-session state stored before applications carried UPR Info's questions and the applicant's kind still reads:
/// the new fields are absent, and read as nothing said rather than throwing.
/// </summary>
public sealed class StoredApplicationTests
{
    /// <summary>
    /// A <see cref="PreSessionState"/> with one application (Applicant "org-abcdefghijklmnop" / "Stored CSO", speaker
    /// "Ana", theme "Women's rights", name public, on the panel at 1, applied 2017-11-01T09:00Z), serialized by the
    /// code before the change.
    /// </summary>
    private const string StoredBeforeTheQuestions =
        "IOjAASEgAAMh6CDoQClvcmctYWJjZGVmZ2hpamtsbW5vcEEVU3RvcmVkIENTT+Ah6EAHQW5hISAAA0EdV29tZW4ncyByaWdodHPg4AED4EELa2V5LTEh6AgDAQEF4CGAAGij7gYh1QiBAAAAAAAAAADg4ODgISDg4CEg4OAhIODBAeDBASEg4OAHHQHg";

    [Fact]
    public void An_application_stored_before_the_questions_reads_with_none_answered()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

        var state = serializer.Deserialize<PreSessionState>(Convert.FromBase64String(StoredBeforeTheQuestions));

        var application = Assert.Single(state.Applications);
        Assert.Equal(new Applicant("org-abcdefghijklmnop", "Stored CSO", Kind: null), application.Applicant);
        var request = application.Request;
        Assert.Equal(("Ana", true), (request.SpeakerName, request.PublishSpeakerName));
        Assert.Equal(["Women's rights"], request.Themes.ToArray());
        Assert.Equal((null, null, null, null, false), (request.SpeakerGender, request.EcosocStatus, request.Scope, request.SubmissionUrl, request.PublishStatement));
        Assert.Empty(request.RecommendationIds);
        Assert.True(request.SameAs(new SpeakerApplication("Ana", ["Women's rights"], true)));
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), application.FirstAnswer);
    }

    [Fact]
    public void The_questions_answered_survive_a_round_trip()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var request = new SpeakerApplication("Ana", ["Women's rights"], true)
        {
            SpeakerGender = SpeakerGender.Woman,
            EcosocStatus = true,
            Scope = OrganisationScope.National,
            SubmissionUrl = "https://example.org/submission.pdf",
            RecommendationIds = ["118.25", "118.26"],
            PublishStatement = true,
        };

        var read = serializer.Deserialize<SpeakerApplication>(serializer.SerializeToArray(request));

        Assert.True(read.SameAs(request));
        Assert.False(read.SameAs(request with { RecommendationIds = ["118.25"] }));
        Assert.False(read.SameAs(request with { Scope = OrganisationScope.International }));
    }
}
