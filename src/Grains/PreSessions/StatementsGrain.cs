using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record StatementsState : IAuditedState<StatementsState>
{
    /// <summary>One statement per organisation, in the order of their first submissions.</summary>
    [Id(0)] public ImmutableList<Statement> Statements { get; init; } = [];

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(2)] public long AuditAppended { get; init; }

    public StatementsState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}

/// <summary>
/// One pre-session's statements. The pre-session stays the source of truth for who is on the panel and what each
/// application consents to: this grain asks it at every submission and every public read, and stores only the texts
/// and the operator's approvals, so a withdrawal or a consent taken back needs no second record kept in step.
/// </summary>
public sealed class StatementsGrain(
    [PersistentState("statements", StorageNames.Grains)] IPersistentState<StatementsState> storage,
    TimeProvider clock)
    : AuditedGrain<StatementsState>(storage), IStatementsGrain
{
    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    private IPreSessionGrain PreSession => GrainFactory.GetGrain<IPreSessionGrain>(Key.GrainKey);

    protected override AuditSource AuditSource => new($"statements/{Key}", Key.Wg, Key.Sur);

    public async Task<Outcome<StatementReceipt>> Submit(Applicant author, StatementDraft draft)
    {
        if (!StatementDraft.Languages.Contains(draft.Language) || draft.Recommendations.IsDefaultOrEmpty)
            return Outcome<StatementReceipt>.Invalid("A statement is in English, French or Spanish and makes at least one recommendation.");
        if (await PreSession.GetView() is not { } view)
            return Outcome<StatementReceipt>.NotFound($"There is no pre-session {Key}.");
        var applications = await PreSession.GetApplications();
        if (applications.FirstOrDefault(a => a.Applicant.OrganisationId == author.OrganisationId && a.Status == ApplicationStatus.Panel) is not { } speaker)
            return Outcome<StatementReceipt>.Conflict(
                $"Only an organisation on the panel of the pre-session {Key} submits a statement there; {author.OrganisationId} is not on it.");

        var index = State.Statements.FindIndex(s => s.Author.OrganisationId == author.OrganisationId);
        var existing = index < 0 ? null : State.Statements[index];
        if (existing is not null && existing.Latest.Draft.SameAs(draft))
        {
            // A repeated submission (a double click, a retry) is no new version: it answers the one it repeats, once stored.
            await Durable();
            return Outcome<StatementReceipt>.Ok(new StatementReceipt(existing.Latest.Version, existing.Latest.Late));
        }

        var now = clock.GetUtcNow();
        // Due at the instant itself counts as on time: "due at 12:00" accepts what arrives at 12:00.
        var late = now > view.Window.StatementsDue;
        var version = new StatementVersion((existing?.Latest.Version ?? 0) + 1, draft, now, late);
        // The pre-session's record names the author as the panel shows it, whatever name the caller carried.
        var statement = existing is null
            ? new Statement(speaker.Applicant, [version], null, null)
            : existing with { Author = speaker.Applicant, Versions = existing.Versions.Add(version) };
        State = State with
        {
            Statements = existing is null ? State.Statements.Add(statement) : State.Statements.SetItem(index, statement),
        };
        Audited("statement.submitted", subject: author.OrganisationId, detail: $"version {version.Version}{(late ? ", late" : "")}", at: now);
        await Commit();
        return Outcome<StatementReceipt>.Ok(new StatementReceipt(version.Version, late));
    }

    /// <summary>
    /// Approves one version. Approval is of a version, not of the statement: a version submitted later needs its own,
    /// and until it has one the version approved before stays the public one. Approving the version already approved
    /// changes nothing (its approval time stays the first).
    /// </summary>
    public async Task<Outcome<StatementVersion>> Approve(string organisationId, int version)
    {
        var index = State.Statements.FindIndex(s => s.Author.OrganisationId == organisationId);
        if (index < 0)
            return Outcome<StatementVersion>.NotFound($"{organisationId} has submitted no statement to the pre-session {Key}.");
        var statement = State.Statements[index];
        if (statement.Versions.FirstOrDefault(v => v.Version == version) is not { } approved)
            return Outcome<StatementVersion>.NotFound(
                $"The statement of {organisationId} to the pre-session {Key} has versions 1 to {statement.Latest.Version}, not {version}.");
        if (statement.ApprovedVersion == version)
        {
            await Durable();
            return Outcome<StatementVersion>.Ok(approved);
        }
        var now = clock.GetUtcNow();
        State = State with { Statements = State.Statements.SetItem(index, statement with { ApprovedVersion = version, ApprovedAt = now }) };
        Audited("statement.approved", subject: organisationId, detail: $"version {version}", at: now);
        await Commit();
        return Outcome<StatementVersion>.Ok(approved);
    }

    public Task<Statement?> Get(string organisationId) =>
        Task.FromResult(Committed.Statements.FirstOrDefault(s => s.Author.OrganisationId == organisationId));

    public Task<ImmutableArray<Statement>> GetAll() => Task.FromResult(Committed.Statements.ToImmutableArray());

    public async Task<PublishedStatements> GetPublished()
    {
        var statements = Committed.Statements.ToDictionary(s => s.Author.OrganisationId);
        var applications = await PreSession.GetApplications();
        var published = new List<(PublishedStatement Statement, DateTimeOffset ApprovedAt)>();
        foreach (var application in applications.Where(a => a.Status == ApplicationStatus.Panel && a.Request.PublishStatement).OrderBy(a => a.Position))
            if (statements.GetValueOrDefault(application.Applicant.OrganisationId) is { Approved: { } approved, ApprovedAt: { } approvedAt })
                published.Add((new PublishedStatement(application.Applicant, approved, application.Request.Themes), approvedAt));
        return new PublishedStatements([.. published.Select(p => p.Statement)], published.Count == 0 ? null : published.Max(p => p.ApprovedAt));
    }
}
