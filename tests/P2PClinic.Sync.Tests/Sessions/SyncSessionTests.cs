using Microsoft.Extensions.Logging.Abstractions;
using P2PClinic.Crdt;
using P2PClinic.Sync.Keys;
using P2PClinic.Sync.Protocol;
using P2PClinic.Sync.Sessions;
using P2PClinic.Sync.Tests.Infrastructure;

namespace P2PClinic.Sync.Tests.Sessions;

/// <summary>Two sessions over an in-memory link: authentication, sealing and sync as docs/protocol.md specifies them.</summary>
public sealed class SyncSessionTests
{
    private const string PeerA = "AAAAAAAAAAAAAAAAAAAAAA";
    private const string PeerB = "BBBBBBBBBBBBBBBBBBBBBB";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SamePassword_BothSidesAuthenticateAndEachGetsTheOthersData()
    {
        var (a, b, linkA, linkB) = Pair(TestKeys.Right, TestKeys.Right);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c1", "Ada"));
        await b.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c2", "Grace"));

        await using var run = Run(a, b, linkA, linkB);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => a.Memory.Json() == b.Memory.Json() && a.Memory.Json().Contains("Grace", StringComparison.Ordinal));
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => run.SessionA.State == SessionState.Synced && run.SessionB.State == SessionState.Synced);

        // Live: an edit after the initial exchange reaches the other side.
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c3", "Katherine"));
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => b.Memory.Json().Contains("Katherine", StringComparison.Ordinal));
        Assert.Equal("""{"c1":"Ada","c2":"Grace","c3":"Katherine"}""", b.Memory.Json());
        Assert.Equal(PeerA, run.SessionB.DisplayName);
    }

    [Fact]
    public async Task WrongPassword_BothSidesRefuse_AndTheHonestSideSentOnlyHandshakeFrames()
    {
        var (a, b, linkA, linkB) = Pair(TestKeys.Right, TestKeys.Wrong);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c1", "Secret patient"));

        await using var run = Run(a, b, linkA, linkB);
        await Task.WhenAll(run.TaskA, run.TaskB).WaitAsync(Deadline);

        Assert.Equal(SessionState.WrongPassword, run.SessionA.State);
        Assert.Equal(SessionState.WrongPassword, run.SessionB.State);
        Assert.Equal("{}", b.Memory.Json());
        var kinds = linkA.Sent.Select(f => (FrameKind)f[0]).ToList();
        Assert.Equal([FrameKind.Hello, FrameKind.Spake2Share, FrameKind.Confirm], kinds);
        Assert.Equal(Hello.Length + 1 + HandshakeFrames.ShareLength + 1 + HandshakeFrames.ConfirmLength, linkA.Sent.Sum(f => f.Length));
        Assert.Equal(0, a.Attached);
        Assert.Equal(1, a.Throttle.ConsecutiveFailures);
    }

    [Fact]
    public async Task ManInTheMiddleWithItsOwnDtlsEndpoints_RelayingEveryFrame_FailsAuthentication()
    {
        // Mallory terminates DTLS with each side (her own certificates) and relays the handshake byte for byte.
        var (aToMallory, malloryFromA) = MemoryLink.Pair(PeerA, PeerB, "sha-256 AA", "sha-256 M1");
        var (malloryToB, bFromMallory) = MemoryLink.Pair(PeerA, PeerB, "sha-256 M2", "sha-256 BB");
        var relay = Relay(malloryFromA, malloryToB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right);
        var b = new TestSessionOwner(PeerB, TestKeys.OrgId, TestKeys.Right);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c1", "Secret patient"));
        var sessionA = new SyncSession(aToMallory, a, NullLogger.Instance);
        var sessionB = new SyncSession(bFromMallory, b, NullLogger.Instance);

        await Task.WhenAll(sessionA.RunAsync(CancellationToken.None), sessionB.RunAsync(CancellationToken.None)).WaitAsync(Deadline);

        Assert.Equal(SessionState.WrongPassword, sessionA.State);
        Assert.Equal(SessionState.WrongPassword, sessionB.State);
        Assert.All(aToMallory.Sent, f => Assert.True(f[0] < (byte)FrameKind.MessageFinal, "a sealed frame left A"));
        Assert.Equal("{}", b.Memory.Json());
        await relay;
    }

    public static TheoryData<string> WireAttacks => ["tamper", "replay", "reorder", "truncate", "drop"];

    [Theory]
    [MemberData(nameof(WireAttacks))]
    public async Task AnAlteredSealedFrame_ClosesTheLink_AndLeavesTheDocumentWhole(string attack)
    {
        var (a, b, linkA, linkB) = Pair(TestKeys.Right, TestKeys.Right);
        await b.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("mine", "kept"));
        byte[]? held = null;
        var sealedSeen = 0;
        linkA.InFlight = frame =>
        {
            if (frame[0] < (byte)FrameKind.MessageFinal)
            {
                return [frame];
            }

            // The attack hits A's third sealed frame (after step 1, step 2 and presence went through, live traffic).
            if (++sealedSeen < 4)
            {
                return [frame];
            }

            switch (attack)
            {
                case "tamper":
                    var flipped = (byte[])frame.Clone();
                    flipped[^5] ^= 0x01;
                    return sealedSeen == 4 ? [flipped] : [frame];
                case "replay":
                    return sealedSeen == 4 ? [frame, frame] : [frame];
                case "reorder":
                    if (sealedSeen == 4)
                    {
                        held = frame;
                        return [];
                    }

                    return held is { } h && sealedSeen == 5 ? [frame, h] : [frame];
                case "truncate":
                    return sealedSeen == 4 ? [frame[..^1]] : [frame];
                default:
                    return sealedSeen == 4 ? [] : [frame];
            }
        };

        await using var run = Run(a, b, linkA, linkB);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => run.SessionB.State == SessionState.Synced);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("x1", "one"));
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("x2", "two"));
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("x3", "three"));

        await run.TaskB.WaitAsync(Deadline);
        Assert.Equal(SessionState.Disconnected, run.SessionB.State);
        Assert.StartsWith("protocol error", run.SessionB.Detail, StringComparison.Ordinal);
        var json = b.Memory.Json();
        Assert.Contains("\"mine\":\"kept\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("three", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdateLargerThanALinkMessage_IsSplitAndReassembled()
    {
        var (a, b, linkA, linkB) = Pair(TestKeys.Right, TestKeys.Right);
        var big = new string('x', 10 * 1024 * 1024);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("big", big));

        await using var run = Run(a, b, linkA, linkB);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => b.Memory.Read(d => d.GetMap("contacts").Get("big") is string s && s.Length == big.Length));
        Assert.All(linkA.Sent, f => Assert.True(f.Length <= linkA.MaxMessageSize));
        Assert.True(linkA.Sent.Count(f => f[0] == (byte)FrameKind.MessagePart) >= big.Length / linkA.MaxMessageSize);
    }

    [Fact]
    public async Task AnOrgLargerThanThePeersReassemblyBound_SyncsInPieces_AndSoDoesALiveUpdateThatLarge()
    {
        // Both sides take messages of at most 128 KiB; the org is several times that.
        var options = new SyncOptions { MaxMessageBytes = 128 * 1024, DisplayName = "x" };
        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right, options: options);
        var b = new TestSessionOwner(PeerB, TestKeys.OrgId, TestKeys.Right, options: options);
        await a.Memory.ChangeAsync(t =>
        {
            for (var i = 0; i < 6000; i++)
            {
                t.Doc.GetMap("contacts").Set("c" + i, "Patient " + i + " +41 44 000 " + i);
            }
        });

        await using var run = Run(a, b, linkA, linkB);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => run.SessionB.State == SessionState.Synced && run.SessionA.State == SessionState.Synced);
        Assert.Equal(a.Memory.Json(), b.Memory.Json());
        Assert.True(b.Memory.RemoteUpdatesApplied > 2, $"the first sync came in {b.Memory.RemoteUpdatesApplied} updates");

        // Live: one transaction of about 400 KiB.
        var live = await a.Memory.ChangeAsync(t =>
        {
            for (var i = 0; i < 8000; i++)
            {
                t.Doc.GetMap("visits").Set("v" + i, "Visit " + i + " of a patient, in room " + (i % 12));
            }
        });
        Assert.True(live.Update.Length > 3 * options.MaxMessageBytes);
        run.SessionA.EnqueueUpdate(live.Update);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => b.Memory.Read(d => d.GetMap("visits").Count) == 8000);
        Assert.Equal(a.Memory.Json("visits"), b.Memory.Json("visits"));
        Assert.Equal(SessionState.Synced, run.SessionB.State);
    }

    [Fact]
    public async Task AnOrgEditedByManyMembersSyncsInPieces_WithNothingLeftPending()
    {
        // Pieces go in the sender's client order, so a piece can hold structs whose origins (items of another
        // member, inserted next to) only arrive in a later piece: the receiver keeps those pending. After the
        // SyncStep2 nothing may stay pending: the state vectors agree, not just the visible content.
        var options = new SyncOptions { MaxMessageBytes = 16 * 1024, DisplayName = "x" };
        var members = Enumerable.Range(1, 4).Select(i => new Doc(new DocOptions { ClientId = (uint)(40 - (i * 7)) })).ToArray();
        var random = new Random(20261203);
        for (var round = 0; round < 30; round++)
        {
            foreach (var member in members)
            {
                member.Transact(t =>
                {
                    var visits = t.Doc.GetArray("visits");
                    for (var k = 0; k < 20; k++)
                    {
                        visits.Insert(random.Next(visits.Length + 1), [$"visit {round}.{k} by {t.Doc.ClientId}"]);
                    }

                    t.Doc.GetMap("contacts").Set("c" + random.Next(200), $"note {round} by {t.Doc.ClientId}");
                });
            }

            // Each member takes the others' edits before the next round, so the next inserts land next to them.
            var merged = YUpdate.Merge([.. members.Select(m => m.EncodeStateAsUpdate())]);
            foreach (var member in members)
            {
                member.ApplyUpdate(merged);
            }
        }

        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right, options: options);
        var b = new TestSessionOwner(PeerB, TestKeys.OrgId, TestKeys.Right, options: options);
        await a.Memory.ApplyUpdateAsync(members[0].EncodeStateAsUpdate());
        Assert.Equal(4, YUpdate.DecodeStateVector(a.Memory.Read(d => d.EncodeStateVector())).Count);

        await using var run = Run(a, b, linkA, linkB);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => run.SessionB.State == SessionState.Synced && run.SessionA.State == SessionState.Synced);
        Assert.True(b.Memory.RemoteUpdatesApplied > 4, $"the first sync came in {b.Memory.RemoteUpdatesApplied} updates");
        Assert.Equal(a.Memory.Read(d => d.EncodeStateVector()), b.Memory.Read(d => d.EncodeStateVector()));
        Assert.Equal(a.Memory.Json("contacts"), b.Memory.Json("contacts"));
        Assert.Equal(
            a.Memory.Read(d => System.Text.Json.JsonSerializer.Serialize(d.GetArray("visits").ToJson())),
            b.Memory.Read(d => System.Text.Json.JsonSerializer.Serialize(d.GetArray("visits").ToJson())));
    }

    [Fact]
    public async Task AMessageAboveTheReassemblyBound_ClosesTheLink()
    {
        var options = new SyncOptions { MaxMessageBytes = 64 * 1024, DisplayName = "b" };
        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right);
        var b = new TestSessionOwner(PeerB, TestKeys.OrgId, TestKeys.Right, options: options);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("big", new string('y', 200 * 1024)));

        await using var run = Run(a, b, linkA, linkB);
        await run.TaskB.WaitAsync(Deadline);
        Assert.Contains("bound", run.SessionB.Detail, StringComparison.Ordinal);
        Assert.Equal("{}", b.Memory.Json());
    }

    [Fact]
    public async Task APeerOfAnotherProtocolVersion_IsRefusedAsIncompatible_NotAsAWrongPassword()
    {
        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right);
        var session = new SyncSession(linkA, a, NullLogger.Instance);
        var running = session.RunAsync(CancellationToken.None);
        await linkB.SendAsync(new Hello(2, 3, 0).Encode(), CancellationToken.None);

        await running.WaitAsync(Deadline);
        Assert.Equal(SessionState.Incompatible, session.State);
        var refusal = linkA.Sent[^1];
        Assert.Equal((byte)FrameKind.Refuse, refusal[0]);
        Assert.Equal((byte)RefuseCode.Incompatible, refusal[1]);
        Assert.Equal(0, a.Throttle.ConsecutiveFailures);
    }

    [Theory]
    [InlineData("sealed-kind")]
    [InlineData("oversize")]
    [InlineData("not-a-hello")]
    public async Task AnythingButTheNextHandshakeFrame_BeforeAuthentication_ClosesTheLink(string what)
    {
        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right);
        await a.Memory.ChangeAsync(t => t.Doc.GetMap("contacts").Set("c1", "Secret"));
        var session = new SyncSession(linkA, a, NullLogger.Instance);
        var running = session.RunAsync(CancellationToken.None);
        await linkB.SendAsync(Hello.Ours.Encode(), CancellationToken.None);
        byte[] bad = what switch
        {
            "sealed-kind" => [(byte)FrameKind.MessageFinal, .. new byte[64]],
            "oversize" => [(byte)FrameKind.Spake2Share, .. new byte[5000]],
            _ => Hello.Ours.Encode(),
        };
        await linkB.SendAsync(bad, CancellationToken.None);

        await running.WaitAsync(Deadline);
        Assert.Equal(SessionState.Disconnected, session.State);
        Assert.All(linkA.Sent, f => Assert.True(f[0] < (byte)FrameKind.MessageFinal));
    }

    [Fact]
    public async Task ASilentPeer_TimesOutTheHandshake()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (linkA, _) = MemoryLink.Pair(PeerA, PeerB);
        var a = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right, time);
        var session = new SyncSession(linkA, a, NullLogger.Instance);
        var running = session.RunAsync(CancellationToken.None);
        await P2PClinic.Testing.Eventually.WaitUntilAsync(() => linkA.Sent.Count == 1);

        // Advance until the session gives up: its timer may be armed a moment after the hello went out.
        for (var i = 0; i < 1000 && !running.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        await running.WaitAsync(Deadline);
        Assert.Contains("no handshake frame", session.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAFailedHandshake_TheNextOneWaitsForTheBackOff_WhateverPeerIdItComesFrom()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var honest = new TestSessionOwner(PeerA, TestKeys.OrgId, TestKeys.Right, time);
        foreach (var attacker in new[] { PeerB, "CCCCCCCCCCCCCCCCCCCCCC" })
        {
            var (atHonest, atAttacker) = MemoryLink.Pair(PeerA, attacker);
            var guesser = new TestSessionOwner(attacker, TestKeys.OrgId, TestKeys.Wrong, time);
            var first = new SyncSession(atHonest, honest, NullLogger.Instance).RunAsync(CancellationToken.None);
            var guess = new SyncSession(atAttacker, guesser, NullLogger.Instance);
            await Task.WhenAll(first, guess.RunAsync(CancellationToken.None)).WaitAsync(Deadline);
            if (attacker == PeerB)
            {
                Assert.Equal(SessionState.WrongPassword, guess.State);
                Assert.Equal(1, honest.Throttle.ConsecutiveFailures);
            }
            else
            {
                // Second guess within the back-off: refused before any SPAKE2 share is sent.
                Assert.Equal(SessionState.Disconnected, guess.State);
                Assert.Contains("too many failed handshakes", guess.Detail, StringComparison.Ordinal);
                Assert.DoesNotContain(atHonest.Sent, f => f[0] == (byte)FrameKind.Spake2Share);
            }
        }

        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(honest.Throttle.TryEnter(out _));
    }

    private static (TestSessionOwner A, TestSessionOwner B, MemoryLink LinkA, MemoryLink LinkB) Pair(OrgKeys keysA, OrgKeys keysB)
    {
        var (linkA, linkB) = MemoryLink.Pair(PeerA, PeerB);
        return (new TestSessionOwner(PeerA, TestKeys.OrgId, keysA), new TestSessionOwner(PeerB, TestKeys.OrgId, keysB), linkA, linkB);
    }

    private static SessionRun Run(TestSessionOwner a, TestSessionOwner b, MemoryLink linkA, MemoryLink linkB)
    {
        var stop = new CancellationTokenSource();
        var sessionA = new SyncSession(linkA, a, NullLogger.Instance);
        var sessionB = new SyncSession(linkB, b, NullLogger.Instance);
        return new SessionRun(sessionA, sessionB, Task.Run(() => sessionA.RunAsync(stop.Token)), Task.Run(() => sessionB.RunAsync(stop.Token)), stop);
    }

    private static async Task Relay(MemoryLink fromA, MemoryLink toB)
    {
        async Task Pump(MemoryLink from, MemoryLink to)
        {
            try
            {
                while (true)
                {
                    await to.SendAsync(await from.ReceiveAsync(CancellationToken.None), CancellationToken.None);
                }
            }
            catch (P2PClinic.Sdk.Transport.PeerLinkClosedException)
            {
                await to.DisposeAsync();
            }
        }

        await Task.WhenAll(Pump(fromA, toB), Pump(toB, fromA)).WaitAsync(Deadline);
    }

    private sealed record SessionRun(SyncSession SessionA, SyncSession SessionB, Task TaskA, Task TaskB, CancellationTokenSource Stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Task.WhenAll(TaskA, TaskB).WaitAsync(Deadline);
            Stop.Dispose();
        }
    }
}
