using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.WebRtc;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

/// <summary>The node against an untrusted signaling server and unauthenticated room members.</summary>
public sealed class HostileSignalingTests
{
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(253_402_300_800_000)] // one millisecond past DateTimeOffset.MaxValue
    public void Open_ASignalSealedAtATimeNoCalendarHolds_IsStale_NotACrash(long sealedAtUnixMs)
    {
        // Any room member holds the key and chooses the sealed-at field; the mailbox loop only expects rejections.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var secrets = RoomSecrets.Derive("room-1");
        var (alice, bob) = (PeerId.New(), PeerId.New());
        var blob = SealRaw(secrets, SignalKind.Offer, alice, bob, sealedAtUnixMs);

        var e = Assert.Throws<SignalRejectedException>(() => new SignalSeal(secrets, time).Open(blob, alice, bob));

        Assert.Equal(SignalRejection.Stale, e.Rejection);
    }

    [Fact]
    public async Task ARetryAfterOfDecades_IsBoundedSoTheRoomsLoopsCanWaitIt()
    {
        // Task.Delay refuses anything over ~49 days: an unbounded Retry-After from the server killed the room's loops.
        using var server = new FakeSignalingServer();
        server.ListResponse = () =>
        {
            var response = FakeSignalingServer.Json(HttpStatusCode.TooManyRequests, "{\"type\":\"urn:p2pclinic:signaling:rate-limited\"}");
            response.Headers.Add("Retry-After", "2000000000");
            return response;
        };
        using var http = new HttpClient(server);
        var client = new SignalingClient(http, server.Address, TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<SignalingException>(() => client.ListPeersAsync(RoomSecrets.Derive("r").Token, CancellationToken.None));

        Assert.Equal(SignalingClient.MaxRetryAfter, e.RetryAfter);
    }

    [Fact]
    public async Task AHugeResponseBody_IsRefused_NotBuffered()
    {
        // 8 MiB of well-formed JSON: far more than any documented answer (64 signals of 16 KiB).
        using var server = new FakeSignalingServer { ListedPeers = [.. Enumerable.Repeat(PeerId.New(), 8 * 1024 * 1024 / 25)] };
        using var http = new HttpClient(server);
        var client = new SignalingClient(http, server.Address, TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<SignalingException>(() => client.ListPeersAsync(RoomSecrets.Derive("r").Token, CancellationToken.None));

        Assert.Contains("bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APresenceListOfThousandsOfPeers_IsCappedAtTheRoomLimit()
    {
        // Each session may hold a peer connection (sockets, threads): a server that invents peers must not exhaust us.
        using var server = new FakeSignalingServer
        {
            ListedPeers = [.. Enumerable.Range(0, 1000).Select(LowPeerId)],
        };
        using var http = new HttpClient(server);
        var settings = TestTransports.Settings(server.Address);
        var room = await WebRtcPeerRoom.JoinAsync(
            TestTransports.NewRoomId(), settings, new RtcConfiguration { LoopbackOnly = true }, new SignalingClient(http, server.Address, TimeSpan.FromSeconds(30)),
            TimeProvider.System, NullLogger.Instance, _ => { }, CancellationToken.None);
        try
        {
            // The loop is sequential: once the third list is asked for, the answers to the first two were applied.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (server.ListRequests < 3)
            {
                await Task.Delay(50, wait.Token);
            }

            Assert.Equal(WebRtcPeerRoom.MaxPeers, room.Peers.Count);
        }
        finally
        {
            await room.DisposeAsync();
        }
    }

    [Fact]
    public async Task AServerThatAnswersDrainsAtOnce_IsNotHammered()
    {
        // The room's clock moves only when this test moves it, in 100 ms steps. A loop that pauses 1 s after an empty
        // drain issues its next drain only once at least 1 s of that clock has passed since the previous one; a loop
        // that does not pause issues it with no time passing at all. Absence is proved by the clock, not by sleeping.
        using var server = new FakeSignalingServer { DrainAnswersAtOnce = true };
        using var http = new HttpClient(server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var room = await WebRtcPeerRoom.JoinAsync(
            TestTransports.NewRoomId(), TestTransports.Settings(server.Address), new RtcConfiguration { LoopbackOnly = true },
            new SignalingClient(http, server.Address, TimeSpan.FromSeconds(30)), time, NullLogger.Instance, _ => { }, CancellationToken.None);
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (server.DrainRequests < 1)
            {
                await Task.Delay(20, wait.Token);
            }

            for (var drains = 1; drains <= 3; drains++)
            {
                var previousAt = time.GetUtcNow();
                while (server.DrainRequests <= drains)
                {
                    time.Advance(TimeSpan.FromMilliseconds(100));
                    await Task.Delay(20, wait.Token);
                }

                Assert.True(time.GetUtcNow() - previousAt >= TimeSpan.FromSeconds(1), $"drain {drains + 1} came {(time.GetUtcNow() - previousAt).TotalMilliseconds} ms after the previous one");
            }
        }
        finally
        {
            await room.DisposeAsync();
        }
    }

    /// <summary>A valid peer id that sorts below any random one (so this node only answers it, never offers).</summary>
    private static string LowPeerId(int i)
    {
        var bytes = new byte[PeerId.ByteLength];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), i);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Seals as a room member may: the documented layout with any field value it likes.</summary>
    private static byte[] SealRaw(RoomSecrets secrets, SignalKind kind, string from, string to, long sealedAtUnixMs)
    {
        var plaintext = new byte[1 + 16 + 16 + 8 + 8];
        plaintext[0] = (byte)kind;
        Assert.True(PeerId.TryDecode(from, plaintext.AsSpan(1, 16)));
        Assert.True(PeerId.TryDecode(to, plaintext.AsSpan(17, 16)));
        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(33, 8), sealedAtUnixMs);
        var blob = new byte[1 + 12 + plaintext.Length + 16];
        blob[0] = SignalSeal.Version;
        RandomNumberGenerator.Fill(blob.AsSpan(1, 12));
        using var aes = new AesGcm(secrets.SealKey, 16);
        aes.Encrypt(blob.AsSpan(1, 12), plaintext, blob.AsSpan(13, plaintext.Length), blob.AsSpan(blob.Length - 16), [SignalSeal.Version, .. Encoding.ASCII.GetBytes(secrets.Token)]);
        return blob;
    }
}
