using System.Text;
using P2PClinic.WebRtc.DataChannels.Internal;

namespace P2PClinic.WebRtc.Tests.DataChannels;

public sealed class DcepTests
{
    [Fact]
    public void DcepOpen_EncodeThenParse_RoundTrips()
    {
        var open = new DcepOpen(DcepOpen.ReliableUnordered, 256, 0, "ünïcode label", "proto");

        Assert.True(DcepOpen.TryParse(open.Encode(), out var parsed));
        Assert.Equal(open, parsed);
        Assert.False(parsed!.Ordered);
    }

    [Fact]
    public void DcepOpen_WireLayout_MatchesRfc8832Section51()
    {
        var bytes = new DcepOpen(DcepOpen.ReliableOrdered, 0, 0, "ab", "c").Encode();

        Assert.Equal(new byte[] { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, (byte)'a', (byte)'b', (byte)'c' }, bytes);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x03 })]
    [InlineData(new byte[] { 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, (byte)'a' })]
    [InlineData(new byte[] { 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xC3 })]
    public void DcepOpen_Malformed_IsRejected(byte[] message)
    {
        Assert.False(DcepOpen.TryParse(message, out _));
    }

    [Fact]
    public async Task HostileDcepAndPpidMessages_TensOfThousands_LeaveChannelsWorking()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("survivor");
        var inbox = ChannelEvents.Collect(remote);
        var seeds = new[]
        {
            new DcepOpen(0x00, 0, 0, "x", "").Encode(),
            new DcepOpen(0x81, 1, 5, "label", "protocol").Encode(),
            new DcepOpen(0x02, 0, 100, new string('l', 300), "p").Encode(),
            new byte[] { 0x02 },
        };
        var random = new Random(77);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var sent = 0;
        while (sent < 20_000 && DateTime.UtcNow < deadline)
        {
            var message = seeds[random.Next(seeds.Length)].ToArray();
            switch (random.Next(4))
            {
                case 0:
                    message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    message = message[..random.Next(1, message.Length + 1)];
                    break;
                case 2:
                    message = [.. message, .. Encoding.UTF8.GetBytes("junk")];
                    break;
            }

            // DCEP on spare streams of both parities; stray PPIDs (deprecated, unknown) on the live channel's stream.
            var onLiveStream = random.Next(5) == 0;
            var stream = onLiveStream ? local.Id!.Value : (ushort)random.Next(100, 300);
            uint[] strayPpids = [0, 52, 54, 99, 0xFFFF_FFFF];
            var ppid = onLiveStream ? strayPpids[random.Next(strayPpids.Length)] : PayloadProtocol.Dcep;
            await pair.Associations.Client.SendAsync(stream, ppid, false, message, CancellationToken.None);
            sent++;
        }

        var backInbox = ChannelEvents.Collect(local);
        await local.SendAsync("still here");
        await remote.SendAsync("me too");

        Assert.True(sent >= 5_000, $"only {sent} messages were sent");
        Assert.Equal("still here", Assert.Single(await inbox.WaitForAsync(1)).Text);
        Assert.Equal("me too", Assert.Single(await backInbox.WaitForAsync(1)).Text);
        var (fresh, freshRemote) = await pair.OpenFromClientAsync("after the storm");
        Assert.Equal(RtcDataChannelState.Open, freshRemote.State);
        Assert.Equal(RtcDataChannelState.Open, fresh.State);
    }
}
