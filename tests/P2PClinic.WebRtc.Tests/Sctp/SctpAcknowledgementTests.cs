using Microsoft.Extensions.Time.Testing;
using P2PClinic.Testing;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>
/// How often we acknowledge (RFC 9260 section 6.2) and how much we send per acknowledgement (Max.Burst, section 6.1
/// rule D). On a fake clock, so the delayed-SACK timer never fires and only the packet-driven SACKs are counted.
/// </summary>
public sealed class SctpAcknowledgementTests
{
    /// <summary>The DATA payload of one full packet at the default 1200-byte packet size (common header 12, DATA header 16).</summary>
    private const int OnePacket = 1200 - 12 - 16;

    /// <summary>Exactly four full DATA packets at the default 1200-byte packet size, all within the initial cwnd (4404 bytes, four chunks).</summary>
    private const int FourPackets = 4 * OnePacket;

    [Fact]
    public async Task FourPacketsArrivingOneByOne_AreAcknowledgedEverySecondPacket()
    {
        var sacks = await CountSacksForFourHeldPacketsAsync(burst: false);

        Assert.Equal(2, sacks);
    }

    [Fact]
    public async Task FourPacketsReadBackToBack_AreAcknowledgedWithOneSackAfterTheLast()
    {
        var sacks = await CountSacksForFourHeldPacketsAsync(burst: true);

        Assert.Equal(1, sacks);
    }

    [Fact]
    public async Task OneSackOpeningTheWindow_SendsNoMoreThanMaxBurstPackets()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var options = new SctpAssociationOptions { MaxBurst = 2 };
        await using var pair = AssociationPair.Create(options, time: time);
        await pair.ConnectAsync();
        // The first two packets fill Max.Burst; the server acknowledges both with one SACK, which we hold back.
        pair.ServerToClient.Hold();
        await pair.Client.SendAsync(0, 53, false, new byte[64 * 1024], CancellationToken.None);
        Assert.Equal(2 * OnePacket, pair.Client.FlightSize);
        await Eventually.WaitUntilAsync(() => pair.ServerToClient.HeldCount == 1);

        // Released, it acknowledges everything in flight: cwnd (4404 bytes, grown by one MTU) would allow four or five
        // packets at once, Max.Burst allows two. The client decides while it processes the SACK, and the SACKs for
        // what it sends now are held, so its flight is what that one SACK released.
        pair.ServerToClient.Release(keepHolding: true);

        Assert.Equal(2 * OnePacket, pair.Client.FlightSize);
    }

    /// <summary>
    /// Holds the four packets of one message on the way to the server, releases them one by one or as a burst, and
    /// counts the SACKs the server sends for them. A message from the server afterwards marks the end: its send loop
    /// keeps order, so every SACK for the four packets reaches the client before it.
    /// </summary>
    private static async Task<int> CountSacksForFourHeldPacketsAsync(bool burst)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var pair = AssociationPair.Create(new SctpAssociationOptions(), time: time);
        await pair.ConnectAsync();
        var sacks = 0;
        var counting = true;
        pair.ServerToClient.Tap = p =>
        {
            if (PacketInspector.Contains(p, SctpChunkType.Data))
            {
                Volatile.Write(ref counting, false);
            }
            else if (Volatile.Read(ref counting) && PacketInspector.Contains(p, SctpChunkType.Sack))
            {
                Interlocked.Increment(ref sacks);
            }
        };

        pair.ClientToServer.Hold();
        await pair.Client.SendAsync(0, 53, false, new byte[FourPackets], CancellationToken.None);
        // Four DATA packets; a SACK the client still owed from the handshake may go first in a packet of its own.
        try
        {
            await Eventually.WaitUntilAsync(() => pair.ClientToServer.HeldDataPackets == 4);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the client sent {pair.ClientToServer.HeldDataPackets} of its 4 DATA packets ({pair.ClientToServer.HeldCount} packets held, flight size {pair.Client.FlightSize})");
        }

        pair.ClientToServer.Release(burst);
        Assert.Single(await pair.ServerMessages.WaitForAsync(1));

        await pair.Server.SendAsync(0, 53, false, new byte[1], CancellationToken.None);
        await pair.ClientMessages.WaitForAsync(1);
        return Volatile.Read(ref sacks);
    }
}
