using System.Buffers.Binary;
using System.Security.Cryptography;
using P2PClinic.WebRtc.Tests.Sctp;

namespace P2PClinic.WebRtc.Tests.DataChannels;

public sealed class DataChannelTests
{
    [Fact]
    public async Task CreateChannel_ClientSide_DcepOpenReachesServerWithLabelProtocolAndOrdering()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();

        var (local, remote) = await pair.OpenFromClientAsync("chat", new RtcDataChannelInit(Ordered: false, Protocol: "p2p-clinic/1"));

        Assert.Equal(RtcDataChannelState.Open, local.State);
        Assert.Equal(RtcDataChannelState.Open, remote.State);
        Assert.Equal("chat", remote.Label);
        Assert.Equal("p2p-clinic/1", remote.Protocol);
        Assert.False(remote.Ordered);
        Assert.Equal(local.Id, remote.Id);
        Assert.False(remote.Negotiated);
    }

    [Fact]
    public async Task CreateChannel_ServerSide_DcepOpenReachesClient()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();

        var local = pair.Server.CreateChannel("from-server");
        var opened = ChannelEvents.WhenOpen(local);
        var remote = DataChannelPair.Take(pair.ClientOpened);
        await opened;

        Assert.Equal("from-server", remote.Label);
        Assert.True(remote.Ordered);
        var inbox = ChannelEvents.Collect(local);
        await remote.SendAsync("hello back");
        Assert.Equal("hello back", (await inbox.WaitForAsync(1))[0].Text);
    }

    [Fact]
    public async Task CreateChannel_BeforeTheAssociationIsUp_OpensOnceItIs()
    {
        await using var pair = DataChannelPair.Create();
        var local = pair.Client.CreateChannel("early");
        Assert.Equal(RtcDataChannelState.Connecting, local.State);

        await pair.Associations.ConnectAsync();

        await ChannelEvents.WhenOpen(local);
        Assert.Equal("early", DataChannelPair.Take(pair.ServerOpened).Label);
    }

    [Fact]
    public async Task StreamIds_FollowDtlsRoleParity_ClientEvenServerOdd_AndNeverCollide()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();

        var fromClient = Enumerable.Range(0, 3).Select(i => pair.Client.CreateChannel($"c{i}")).ToList();
        var fromServer = Enumerable.Range(0, 3).Select(i => pair.Server.CreateChannel($"s{i}")).ToList();
        await Task.WhenAll(fromClient.Concat(fromServer).Select(ChannelEvents.WhenOpen));

        Assert.Equal(new ushort?[] { 0, 2, 4 }, fromClient.Select(c => c.Id));
        Assert.Equal(new ushort?[] { 1, 3, 5 }, fromServer.Select(c => c.Id));
    }

    [Fact]
    public async Task PreNegotiatedChannel_SameIdOnBothSides_OpensWithoutDcepAndCarriesMessages()
    {
        await using var pair = DataChannelPair.Create();
        var client = pair.Client.CreateChannel("sync", new RtcDataChannelInit(Id: 7));
        var server = pair.Server.CreateChannel("sync", new RtcDataChannelInit(Id: 7));
        var dcep = 0;
        pair.Associations.ClientToServer.Tap = p => CountDcep(p, ref dcep);
        pair.Associations.ServerToClient.Tap = p => CountDcep(p, ref dcep);

        await pair.Associations.ConnectAsync();
        await Task.WhenAll(ChannelEvents.WhenOpen(client), ChannelEvents.WhenOpen(server));
        var inbox = ChannelEvents.Collect(server);
        await client.SendAsync("over a negotiated channel");

        Assert.Equal("over a negotiated channel", (await inbox.WaitForAsync(1))[0].Text);
        Assert.True(client.Negotiated);
        Assert.Equal(0, Volatile.Read(ref dcep));
        Assert.Empty(pair.ServerOpened);
        Assert.Throws<InvalidOperationException>(() => pair.Client.CreateChannel("dup", new RtcDataChannelInit(Id: 7)));
    }

    [Fact]
    public async Task PreNegotiatedChannel_CreatedAfterConnect_OpensAsynchronously()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();

        var client = pair.Client.CreateChannel("late", new RtcDataChannelInit(Id: 42));
        var server = pair.Server.CreateChannel("late", new RtcDataChannelInit(Id: 42));

        await Task.WhenAll(ChannelEvents.WhenOpen(client), ChannelEvents.WhenOpen(server));
    }

    [Fact]
    public async Task EmptyStringAndEmptyBinary_ArriveEmptyWithTheirKind()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("empty");
        var inbox = ChannelEvents.Collect(remote);

        await local.SendAsync(string.Empty);
        await local.SendAsync(ReadOnlyMemory<byte>.Empty);
        var received = await inbox.WaitForAsync(2);

        Assert.True(received[0].IsText);
        Assert.Equal(0, received[0].Data.Length);
        Assert.Equal(string.Empty, received[0].Text);
        Assert.False(received[1].IsText);
        Assert.Equal(0, received[1].Data.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(65_536)]
    [InlineData(262_144)]
    public async Task Messages_StringAndBinaryOfSize_ArriveIntactBothDirections(int size)
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("sizes");
        var atRemote = ChannelEvents.Collect(remote);
        var atLocal = ChannelEvents.Collect(local);
        var binary = RandomNumberGenerator.GetBytes(size);
        var text = new string('é', size / 2);

        await local.SendAsync(binary);
        await local.SendAsync(text);
        await remote.SendAsync(binary);
        await remote.SendAsync(text);

        foreach (var inbox in new[] { atRemote, atLocal })
        {
            var received = await inbox.WaitForAsync(2);
            Assert.False(received[0].IsText);
            Assert.Equal(binary, received[0].Data.ToArray());
            Assert.True(received[1].IsText);
            Assert.Equal(text, received[1].Text);
        }
    }

    [Fact]
    public async Task SendAsync_LargerThanMaxMessageSize_ThrowsAndTheChannelStillWorks()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("big");
        var inbox = ChannelEvents.Collect(remote);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await local.SendAsync(new byte[262_145]));
        await local.SendAsync("still fine");

        Assert.Equal("still fine", (await inbox.WaitForAsync(1))[0].Text);
    }

    [Fact]
    public async Task TenThousandMessages_OnAnOrderedChannel_ArriveInOrder()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("bulk");
        var inbox = ChannelEvents.Collect(remote);

        for (var i = 0; i < 10_000; i++)
        {
            var payload = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            await local.SendAsync(payload);
        }

        var received = await inbox.WaitForAsync(10_000);
        Assert.Equal(Enumerable.Range(0, 10_000), received.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Data.Span)));
    }

    [Fact]
    public async Task UnorderedChannel_OverAReorderingLink_DeliversEveryMessage()
    {
        await using var pair = await DataChannelPair.ConnectedAsync(new LinkConditions(Reordering: 0.3, Loss: 0.02, Seed: 9));
        var (local, remote) = await pair.OpenFromClientAsync("loose", new RtcDataChannelInit(Ordered: false));
        var inbox = ChannelEvents.Collect(remote);

        for (var i = 0; i < 500; i++)
        {
            await local.SendAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var received = await inbox.WaitForAsync(500);
        Assert.Equal(Enumerable.Range(0, 500), received.Select(m => int.Parse(m.Text, System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task Close_ResetsTheStream_BothEndsCloseAfterDeliveringQueuedMessages_AndTheIdIsReused()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("closing");
        var inbox = ChannelEvents.Collect(remote);
        var remoteClosed = ChannelEvents.WhenClosed(remote);
        var localClosed = ChannelEvents.WhenClosed(local);
        for (var i = 0; i < 50; i++)
        {
            await local.SendAsync(new byte[10_000]);
        }

        local.Close();
        await Task.WhenAll(remoteClosed, localClosed);

        Assert.Equal(50, inbox.Count);
        Assert.Equal(RtcDataChannelState.Closed, local.State);
        Assert.Equal(RtcDataChannelState.Closed, remote.State);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await local.SendAsync("too late"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await remote.SendAsync("too late"));

        // Both directions were reset, so stream 0 is free again and its SSNs start over.
        var (again, againRemote) = await pair.OpenFromClientAsync("reopened");
        Assert.Equal(local.Id, again.Id);
        var againInbox = ChannelEvents.Collect(againRemote);
        await again.SendAsync("fresh");
        Assert.Equal("fresh", (await againInbox.WaitForAsync(1))[0].Text);
    }

    [Fact]
    public async Task Close_FromTheRemoteSide_ClosesBothEnds()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("remote-close");
        var localClosed = ChannelEvents.WhenClosed(local);

        remote.Close();

        await localClosed;
        await ChannelEvents.WhenClosed(remote);
    }

    [Fact]
    public async Task AssociationAbort_ClosesEveryChannel()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("doomed");
        var closed = Task.WhenAll(ChannelEvents.WhenClosed(local), ChannelEvents.WhenClosed(remote));

        pair.Associations.Client.Abort("gone");

        await closed;
        Assert.Throws<InvalidOperationException>(() => pair.Client.CreateChannel("after"));
    }

    [Fact]
    public async Task SendAsync_BeforeTheChannelIsOpen_Throws()
    {
        await using var pair = DataChannelPair.Create();
        var channel = pair.Client.CreateChannel("not yet");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await channel.SendAsync("x"));
    }

    [Fact]
    public async Task BufferedAmount_GrowsWhileTheLinkIsDownAndDrainsAfter()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("buffered");
        var inbox = ChannelEvents.Collect(remote);
        pair.Associations.ClientToServer.Conditions = LinkConditions.Severed;

        // With nothing acknowledged, cwnd stays small: most of 1 MiB waits in the send queue.
        for (var i = 0; i < 16; i++)
        {
            await local.SendAsync(new byte[64 * 1024]);
        }

        Assert.True(local.BufferedAmount > 512 * 1024, $"BufferedAmount was {local.BufferedAmount}");
        pair.Associations.ClientToServer.Conditions = LinkConditions.Perfect;
        await inbox.WaitForAsync(16);
        Assert.Equal(0, local.BufferedAmount);
    }

    private static void CountDcep(byte[] packet, ref int count)
    {
        var value = PacketInspector.ChunkValue(packet, P2PClinic.WebRtc.Sctp.Internal.SctpChunkType.Data);
        if (value is not null && BinaryPrimitives.ReadUInt32BigEndian(value.AsSpan(8)) == 50)
        {
            Interlocked.Increment(ref count);
        }
    }
}

public sealed class DataChannelEdgeTests
{
    [Fact]
    public async Task Close_BothSidesAtOnce_BothEndsClose()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("together");
        var closed = Task.WhenAll(ChannelEvents.WhenClosed(local), ChannelEvents.WhenClosed(remote));

        local.Close();
        remote.Close();

        await closed;
        Assert.Equal(RtcDataChannelState.Closed, local.State);
        Assert.Equal(RtcDataChannelState.Closed, remote.State);
    }

    [Fact]
    public async Task DcepOpen_OnAStreamAlreadyInUse_IsIgnoredAndTheChannelKeepsWorking()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();
        var (local, remote) = await pair.OpenFromClientAsync("taken");
        var inbox = ChannelEvents.Collect(remote);
        var hijack = new P2PClinic.WebRtc.DataChannels.Internal.DcepOpen(0, 0, 0, "hijack", "").Encode();

        await pair.Associations.Client.SendAsync(local.Id!.Value, 50, false, hijack, CancellationToken.None);
        await local.SendAsync("after");

        Assert.Equal("after", Assert.Single(await inbox.WaitForAsync(1)).Text);
        Assert.Equal("taken", remote.Label);
        Assert.Empty(pair.ServerOpened);
    }

    [Fact]
    public async Task CreateChannel_LabelOverSixtyFiveThousandBytes_IsRejected()
    {
        await using var pair = await DataChannelPair.ConnectedAsync();

        Assert.Throws<ArgumentException>(() => pair.Client.CreateChannel(new string('x', 70_000)));
        Assert.Throws<ArgumentException>(() => pair.Client.CreateChannel("ok", new RtcDataChannelInit(Id: ushort.MaxValue)));
    }
}
