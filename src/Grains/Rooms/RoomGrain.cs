using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace PreSessions;

/// <summary>
/// A room: the pre-sessions booked in it, the hashes of its console tokens, and which pre-session's timer is live in it.
/// Live timers report their starts and ends; the room pushes a change of live pre-session to the gateways feeding its
/// screens. Each change is stored before it is answered (<see cref="GroupCommit{TState}"/>); reads show the stored state.
/// </summary>
public sealed class RoomGrain(
    [PersistentState("room", StorageNames.Grains)] IPersistentState<RoomState> storage,
    TimeProvider clock,
    ILogger<RoomGrain> logger) : AuditedGrain<RoomState>(storage), IRoomGrain
{
    private ObserverManager<IRoomObserver> _feeds = null!;

    private static readonly Comparison<RoomBooking> ByTime = (a, b) => a.StartsAt.CompareTo(b.StartsAt);

    private string Room => this.GetPrimaryKeyString();

    protected override AuditSource AuditSource => new($"room/{Room}", Room: Room);

    private RoomLive Live => new(Room, Committed.Live, Committed.LiveVersion);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _feeds = new ObserverManager<IRoomObserver>(FeedLease.Duration, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
    }

    public async Task<ConsoleTokenInfo> IssueConsoleToken(byte[] tokenHash)
    {
        // The id is a hash of the hash: it names the token in lists and revocations without helping anyone forge it.
        var credential = new ConsoleCredential(Convert.ToHexStringLower(SHA256.HashData(tokenHash))[..16], tokenHash, clock.GetUtcNow());
        State = State with { ConsoleTokens = State.ConsoleTokens.Add(credential) };
        Audited("console-token.issued", credential.Id, at: credential.IssuedAt);
        await Commit();
        return credential.Info;
    }

    public Task<ImmutableArray<ConsoleTokenInfo>> GetConsoleTokens() =>
        Task.FromResult(Committed.ConsoleTokens.Select(c => c.Info).ToImmutableArray());

    public async Task<bool> RevokeConsoleToken(string tokenId)
    {
        var remaining = State.ConsoleTokens.RemoveAll(c => c.Id == tokenId);
        if (remaining.Count == State.ConsoleTokens.Count)
            return false;
        State = State with { ConsoleTokens = remaining };
        Audited("console-token.revoked", tokenId);
        await Commit();
        return true;
    }

    public Task<bool> Authenticate(byte[] tokenHash)
    {
        var known = false;
        // Every hash is compared, so the time taken says nothing about which one came close.
        foreach (var credential in Committed.ConsoleTokens)
            known |= CryptographicOperations.FixedTimeEquals(credential.Hash, tokenHash);
        return Task.FromResult(known);
    }

    public async Task Book(RoomBooking booking)
    {
        var bookings = State.Bookings.RemoveAll(b => b.Key == booking.Key).Add(booking).Sort(ByTime);
        if (bookings.SequenceEqual(State.Bookings))
            await Durable();
        else
        {
            State = State with { Bookings = bookings };
            await Commit();
        }
    }

    public async Task Unbook(PreSessionKey preSession)
    {
        if (!State.Bookings.Exists(b => b.Key == preSession))
            await Durable();
        else
        {
            State = State with { Bookings = State.Bookings.RemoveAll(b => b.Key == preSession) };
            await Commit();
        }
    }

    public Task<RoomView?> GetView() => Task.FromResult(Committed.Bookings.IsEmpty
        ? null
        : new RoomView(Live, [.. Committed.Bookings]));

    public async Task Report(PreSessionKey preSession, bool live)
    {
        var current = State.Live;
        // The latest timer to go live has the room; one that ends clears it only if it still had it.
        var next = live ? preSession : current == preSession ? null : current;
        if (next == current)
        {
            await Durable();
            return;
        }
        State = State with { Live = next, LiveVersion = State.LiveVersion + 1 };
        await Commit();
        var changed = Live;
        await _feeds.Notify(feed => feed.LiveChanged(changed));
    }

    public Task<RoomLive> Subscribe(IRoomObserver observer)
    {
        _feeds.Subscribe(observer, observer);
        return Task.FromResult(Live);
    }

    public Task Unsubscribe(IRoomObserver observer)
    {
        _feeds.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Immutable]
public sealed record RoomState : IAuditedState<RoomState>
{
    [Id(0)] public ImmutableList<ConsoleCredential> ConsoleTokens { get; init; } = [];
    [Id(1)] public PreSessionKey? Live { get; init; }
    [Id(2)] public ImmutableList<RoomBooking> Bookings { get; init; } = [];
    [Id(3)] public long LiveVersion { get; init; }
    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(4)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }

    public RoomState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}

[GenerateSerializer, Immutable]
public sealed record ConsoleCredential(
    [property: Id(0)] string Id,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] DateTimeOffset IssuedAt)
{
    public ConsoleTokenInfo Info => new(Id, IssuedAt);
}
