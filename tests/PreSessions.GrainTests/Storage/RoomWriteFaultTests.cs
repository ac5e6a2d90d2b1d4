using System.Security.Cryptography;
using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// A room's write that fails: the command fails, and the room's reads stay at what storage holds (a console token
/// that was not stored does not open the console; one whose revocation was not stored still does).
/// </summary>
public sealed class RoomWriteFaultTests(RoomWriteFaultTests.Cluster fixture) : IClassFixture<RoomWriteFaultTests.Cluster>
{
    /// <summary>Its own silo: the faults are the whole cluster's.</summary>
    public sealed class Cluster() : ClusterFixture(1);

    [Fact]
    public async Task A_failed_room_write_leaves_its_reads_at_the_stored_state()
    {
        var room = fixture.Grains.GetGrain<IRoomGrain>($"Room {Guid.NewGuid():N}");
        var (kept, unstored) = (SHA256.HashData("kept"u8), SHA256.HashData("unstored"u8));
        var issued = await room.IssueConsoleToken(kept);
        var booking = new RoomBooking(new PreSessionKey(29, "FRA"), "France", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));
        await room.Book(booking);

        var id = room.GetGrainId();
        fixture.StorageFaults.OnStateWrites((name, grain) => name == "room" && grain == id ? StorageFault.Fails : StorageFault.None);
        try
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => room.IssueConsoleToken(unstored));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => room.RevokeConsoleToken(issued.Id));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => room.Report(booking.Key, live: true));
        }
        finally
        {
            fixture.StorageFaults.OnStateWrites(null);
        }

        Assert.Equal(issued, Assert.Single(await room.GetConsoleTokens()));
        Assert.True(await room.Authenticate(kept));
        Assert.False(await room.Authenticate(unstored));
        var view = (await room.GetView())!;
        Assert.Equal((null, 0L), (view.Live.PreSession, view.Live.Version));
        Assert.Equal(booking, Assert.Single(view.Bookings));
    }
}
