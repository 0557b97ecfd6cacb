using System.Collections.Concurrent;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

public sealed class SctpHandshakeTests
{
    [Fact]
    public async Task ConnectAsync_BothSidesAtOnce_InitCollisionEndsInOneEstablishedAssociation()
    {
        await using var pair = AssociationPair.Create();
        var initsSeen = 0;
        pair.ClientToServer.Tap = p => { if (PacketInspector.Contains(p, SctpChunkType.Init)) { Interlocked.Increment(ref initsSeen); } };
        pair.ServerToClient.Tap = pair.ClientToServer.Tap;

        // Hold both directions until each side has sent its INIT, so the INITs cross on the wire.
        pair.ClientToServer.Hold();
        pair.ServerToClient.Hold();
        using var cts = new CancellationTokenSource(AssociationPair.Patience);
        var client = pair.Client.ConnectAsync(cts.Token);
        var server = pair.Server.ConnectAsync(cts.Token);
        while (pair.ClientToServer.HeldCount == 0 || pair.ServerToClient.HeldCount == 0)
        {
            await Task.Delay(5, cts.Token);
        }

        pair.ClientToServer.Release();
        pair.ServerToClient.Release();
        await Task.WhenAll(client, server);

        Assert.Equal(2, Volatile.Read(ref initsSeen));
        Assert.Equal(SctpAssociationState.Established, pair.Client.State);
        Assert.Equal(SctpAssociationState.Established, pair.Server.State);
        await AssertWorksBothWaysAsync(pair);
    }

    [Fact]
    public async Task ConnectAsync_OnlyOneSideConnects_TheOtherAnswersAndBothAreEstablished()
    {
        await using var pair = AssociationPair.Create();
        var established = new TaskCompletionSource();
        pair.Server.Established += () => established.TrySetResult();

        using var cts = new CancellationTokenSource(AssociationPair.Patience);
        await pair.Client.ConnectAsync(cts.Token);
        await established.Task.WaitAsync(cts.Token);

        Assert.Equal(SctpAssociationState.Established, pair.Server.State);
        await AssertWorksBothWaysAsync(pair);
    }

    [Fact]
    public async Task ConnectAsync_PeerNeverAnswers_FailsWithHandshakeTimeoutAfterMaxInitRetransmissions()
    {
        var options = AssociationPair.FastOptions with { RtoInitial = TimeSpan.FromMilliseconds(10), MaxInitRetransmissions = 3 };
        await using var pair = AssociationPair.Create(options, toServer: LinkConditions.Severed);
        var inits = 0;
        pair.ClientToServer.Tap = p => { if (PacketInspector.Contains(p, SctpChunkType.Init)) { Interlocked.Increment(ref inits); } };
        var closed = new TaskCompletionSource<string>();
        pair.Client.Closed += r => closed.TrySetResult(r);

        var error = await Assert.ThrowsAsync<SctpAssociationClosedException>(() => pair.Client.ConnectAsync(CancellationToken.None));

        Assert.Contains("handshake timed out", error.Message);
        Assert.Equal(4, Volatile.Read(ref inits));
        Assert.Contains("handshake timed out", await closed.Task.WaitAsync(AssociationPair.Patience));
    }

    [Fact]
    public async Task ConnectAsync_LossyLink_RetransmitsInitAndCookieUntilEstablished()
    {
        var lossy = new LinkConditions(Loss: 0.4, Seed: 7);
        await using var pair = AssociationPair.Create(AssociationPair.FastOptions with { MaxInitRetransmissions = 40 }, toServer: lossy, toClient: lossy with { Seed = 8 });
        await pair.ConnectAsync();
        pair.ClientToServer.Conditions = LinkConditions.Perfect;
        pair.ServerToClient.Conditions = LinkConditions.Perfect;
        await AssertWorksBothWaysAsync(pair);
    }

    internal static async Task AssertWorksBothWaysAsync(AssociationPair pair)
    {
        var toServer = pair.ServerMessages.Count;
        var toClient = pair.ClientMessages.Count;
        await pair.Client.SendAsync(1, 53, false, "ping"u8.ToArray(), CancellationToken.None);
        await pair.Server.SendAsync(1, 53, false, "pong"u8.ToArray(), CancellationToken.None);
        var atServer = await pair.ServerMessages.WaitForAsync(toServer + 1);
        var atClient = await pair.ClientMessages.WaitForAsync(toClient + 1);
        Assert.Equal("ping"u8.ToArray(), atServer[^1].Payload);
        Assert.Equal("pong"u8.ToArray(), atClient[^1].Payload);
    }
}

/// <summary>A hand-driven peer that speaks raw SCTP to one real association, to test the cookie rules.</summary>
public sealed class SctpCookieTests
{
    private const uint RawTag = 0x1234_5678;
    private const uint RawInitialTsn = 1000;

    private sealed class RawPeer : IAsyncDisposable
    {
        private readonly BlockingCollection<byte[]> _sent = [];

        public RawPeer(TimeProvider time)
        {
            Association = new SctpAssociation(new SctpAssociationOptions(), (p, _) =>
            {
                _sent.Add(p.ToArray());
                return ValueTask.CompletedTask;
            }, time);
        }

        internal SctpAssociation Association { get; }

        /// <summary>Next packet the association sent that contains the chunk type.</summary>
        public byte[] NextWith(SctpChunkType type)
        {
            using var cts = new CancellationTokenSource(AssociationPair.Patience);
            while (true)
            {
                var packet = _sent.Take(cts.Token);
                if (PacketInspector.Contains(packet, type))
                {
                    return packet;
                }
            }
        }

        public void Send(uint tag, SctpChunkType type, ReadOnlySpan<byte> value, Action<SctpPacketWriter>? writeValue = null)
        {
            var packet = new SctpPacketWriter(1200, 5000, 5000, tag);
            packet.BeginChunk(type, 0);
            packet.WriteBytes(value);
            writeValue?.Invoke(packet);
            packet.EndChunk();
            Association.ReceivePacket(packet.Finish().Span);
        }

        public byte[] InitAndGetCookie(out uint associationTag)
        {
            Send(0, SctpChunkType.Init, [], w =>
            {
                w.WriteUInt32(RawTag);
                w.WriteUInt32(1_000_000);
                w.WriteUInt16(100);
                w.WriteUInt16(100);
                w.WriteUInt32(RawInitialTsn);
            });
            var initAck = NextWith(SctpChunkType.InitAck);
            Assert.Equal(RawTag, PacketInspector.VerificationTag(initAck));
            var value = PacketInspector.ChunkValue(initAck, SctpChunkType.InitAck)!;
            associationTag = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value);
            var offset = 16;
            while (true)
            {
                var type = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(offset));
                var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(offset + 2));
                if (type == SctpConstants.ParamStateCookie)
                {
                    return value.AsSpan(offset + 4, length - 4).ToArray();
                }

                offset += (length + 3) & ~3;
            }
        }

        public ValueTask DisposeAsync() => Association.DisposeAsync();
    }

    [Fact]
    public async Task CookieEcho_ValidCookie_EstablishesAndAnswersCookieAck()
    {
        await using var peer = new RawPeer(TimeProvider.System);
        var cookie = peer.InitAndGetCookie(out var tag);

        peer.Send(tag, SctpChunkType.CookieEcho, cookie);

        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
        Assert.Equal(RawTag, PacketInspector.VerificationTag(peer.NextWith(SctpChunkType.CookieAck)));
    }

    [Fact]
    public async Task CookieEcho_BundledWithData_AsLibwebrtcSendsIt_EstablishesAndDeliversTheData()
    {
        await using var peer = new RawPeer(TimeProvider.System);
        var delivered = new TaskCompletionSource<SctpMessage>();
        peer.Association.MessageReceived += m => delivered.TrySetResult(m with { Payload = m.Payload.ToArray() });
        var cookie = peer.InitAndGetCookie(out var tag);

        var packet = new SctpPacketWriter(1200, 5000, 5000, tag);
        packet.BeginChunk(SctpChunkType.CookieEcho, 0);
        packet.WriteBytes(cookie);
        packet.EndChunk();
        packet.BeginChunk(SctpChunkType.Data, SctpConstants.DataFlagBeginning | SctpConstants.DataFlagEnding);
        packet.WriteUInt32(RawInitialTsn);
        packet.WriteUInt16(4);
        packet.WriteUInt16(0);
        packet.WriteUInt32(51);
        packet.WriteBytes("bundled"u8);
        packet.EndChunk();
        peer.Association.ReceivePacket(packet.Finish().Span);

        var message = await delivered.Task.WaitAsync(AssociationPair.Patience);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
        Assert.Equal((ushort)4, message.StreamId);
        Assert.Equal("bundled"u8.ToArray(), message.Payload.ToArray());
        var sack = PacketInspector.ChunkValue(peer.NextWith(SctpChunkType.Sack), SctpChunkType.Sack)!;
        Assert.Equal(RawInitialTsn, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(sack));
    }

    [Fact]
    public async Task CookieEcho_TamperedCookie_IsDiscardedAndTheAssociationStaysClosed()
    {
        await using var peer = new RawPeer(TimeProvider.System);
        var cookie = peer.InitAndGetCookie(out var tag);
        for (var i = 0; i < cookie.Length; i += 7)
        {
            var tampered = cookie.ToArray();
            tampered[i] ^= 0x01;
            peer.Send(tag, SctpChunkType.CookieEcho, tampered);
            Assert.Equal(SctpAssociationState.Closed, peer.Association.State);
        }

        peer.Send(tag, SctpChunkType.CookieEcho, cookie[..^1]);
        Assert.Equal(SctpAssociationState.Closed, peer.Association.State);

        // The genuine cookie still works afterwards: tampering did not poison anything.
        peer.Send(tag, SctpChunkType.CookieEcho, cookie);
        Assert.Equal(SctpAssociationState.Established, peer.Association.State);
    }

    [Fact]
    public async Task CookieEcho_WrongVerificationTag_IsDropped()
    {
        await using var peer = new RawPeer(TimeProvider.System);
        var cookie = peer.InitAndGetCookie(out var tag);

        peer.Send(tag ^ 1, SctpChunkType.CookieEcho, cookie);

        Assert.Equal(SctpAssociationState.Closed, peer.Association.State);
    }

    [Fact]
    public async Task CookieEcho_ExpiredCookie_IsRejectedWithStaleCookieError()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var peer = new RawPeer(time);
        var cookie = peer.InitAndGetCookie(out var tag);

        time.Advance(TimeSpan.FromSeconds(61));
        peer.Send(tag, SctpChunkType.CookieEcho, cookie);

        Assert.Equal(SctpAssociationState.Closed, peer.Association.State);
        var error = PacketInspector.ChunkValue(peer.NextWith(SctpChunkType.Error), SctpChunkType.Error)!;
        Assert.Equal(SctpConstants.CauseStaleCookie, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(error));
    }
}
