using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>Two C# peers whose every datagram crosses a relay that loses, duplicates, reorders, or drops one side.</summary>
public partial class RelayedPeerTests
{
    [Fact]
    public async Task TenMiB_ThroughLossyReorderingDuplicatingRelay_ArriveIntact()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var relayed = await RelayedPair.ConnectAsync(relay =>
        {
            relay.LossRate = 0.05;
            relay.DuplicateRate = 0.02;
            relay.ReorderRate = 0.05;
        }, null, cts.Token);
        var (sender, receiver) = await relayed.Pair.OpenChannelAsync("bulk", cancellationToken: cts.Token);
        var inbox = CSharpToCSharpTests.Collect(receiver);

        const int total = 10 * 1024 * 1024;
        var data = RandomNumberGenerator.GetBytes(total);
        var sending = Task.Run(
            async () =>
            {
                for (var offset = 0; offset < total; offset += 65_536)
                {
                    await sender.SendAsync(data.AsMemory(offset, Math.Min(65_536, total - offset)), cts.Token);
                }
            },
            cts.Token);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var received = 0; received < total;)
        {
            var message = await inbox.ReadAsync(cts.Token);
            hash.AppendData(message.Data.Span);
            received += message.Data.Length;
        }

        await sending;
        Assert.Equal(SHA256.HashData(data), hash.GetHashAndReset());
        Assert.True(relayed.Relay.Dropped > 0, "the relay was meant to lose datagrams");
    }

    [Fact]
    public async Task PeerThatVanishes_IsReportedDisconnectedThenFailed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var relayed = await RelayedPair.ConnectAsync(_ => { }, new RtcConfiguration { DisconnectedTimeout = TimeSpan.FromSeconds(3), FailedTimeout = TimeSpan.FromSeconds(8) }, cts.Token);
        var states = new List<RtcPeerConnectionState>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        relayed.Pair.Offerer.ConnectionStateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }

            if (s == RtcPeerConnectionState.Failed)
            {
                failed.TrySetResult();
            }
        };

        relayed.Relay.DropFromB = true;
        await failed.Task.WaitAsync(cts.Token);
        lock (states)
        {
            // Events raised before the drop (Connected) may still be on their way to the handler.
            Assert.Equal([RtcPeerConnectionState.Disconnected, RtcPeerConnectionState.Failed], states.SkipWhile(s => s != RtcPeerConnectionState.Disconnected));
        }
    }

    [GeneratedRegex(@"^a=candidate:.*\r\n", RegexOptions.Multiline)]
    private static partial Regex CandidateLine();

    /// <summary>Replaces every candidate with the relay's address: the peer can reach the other only through it.</summary>
    internal static string OnlyCandidate(string sdp, IPEndPoint relay)
    {
        var withoutCandidates = CandidateLine().Replace(sdp, string.Empty);
        var line = $"a=candidate:1 1 udp 2130706431 {relay.Address} {relay.Port} typ host\r\n";
        var at = withoutCandidates.IndexOf("a=ice-ufrag", StringComparison.Ordinal);
        return withoutCandidates.Insert(at, line);
    }

    internal static IPEndPoint HostCandidate(string sdp)
    {
        var match = Regex.Match(sdp, @"a=candidate:\S+ 1 udp \d+ (\S+) (\d+) typ host");
        return new IPEndPoint(IPAddress.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class RelayedPair(PeerPair pair, LossyUdpRelay relay) : IAsyncDisposable
    {
        public PeerPair Pair { get; } = pair;

        public LossyUdpRelay Relay { get; } = relay;

        public static async Task<RelayedPair> ConnectAsync(Action<LossyUdpRelay> configure, RtcConfiguration? configuration, CancellationToken cancellationToken)
        {
            var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
            var answerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
            var offer = await offerer.CreateOfferAsync(cancellationToken);
            var placeholder = new IPEndPoint(IPAddress.Loopback, 9);
            answerer.SetRemoteDescription(offer with { Sdp = OnlyCandidate(offer.Sdp, placeholder) });
            var answer = await answerer.CreateAnswerAsync(cancellationToken);

            // Candidates are known only now: the answerer got a placeholder and learns the relay by trickle.
            var relay = new LossyUdpRelay(HostCandidate(offer.Sdp), HostCandidate(answer.Sdp));
            configure(relay);
            offerer.SetRemoteDescription(answer with { Sdp = OnlyCandidate(answer.Sdp, relay.FacingA) });
            answerer.AddIceCandidate(new RtcIceCandidate($"candidate:1 1 udp 2130706431 {relay.FacingB.Address} {relay.FacingB.Port} typ host"));
            var pair = PeerPair.FromConnections(offerer, answerer);
            await Task.WhenAll(offerer.WaitForConnectedAsync(cancellationToken), answerer.WaitForConnectedAsync(cancellationToken));
            return new RelayedPair(pair, relay);
        }

        public async ValueTask DisposeAsync()
        {
            await Pair.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }
}
