using System.Net;
using System.Net.Sockets;
using System.Text;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Tests.Turn;

/// <summary>The TURN client against a real coturn on loopback (RFC 8656 over UDP).</summary>
public class TurnAllocationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static TurnCredentials Credentials(CoturnServer server, TimeSpan? validFor = null)
        => TurnCredentials.FromSharedSecret(server.Secret, "alice", DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromHours(1)));

    /// <summary>Sends through the relay until the peer socket receives it (the permission may still be on its way).</summary>
    private static async Task<IPEndPoint> RelayToPeerAsync(TurnClientHarness client, Socket peer, byte[] payload)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            client.Allocation.SendToPeer(payload, (IPEndPoint)peer.LocalEndPoint!);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                Assert.Equal(payload, buffer.AsSpan(0, received.ReceivedBytes).ToArray());
                return (IPEndPoint)received.RemoteEndPoint;
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
                // not relayed yet: send again
            }
        }
    }

    private static async Task<byte[]> PeerToClientAsync(TurnClientHarness client, Socket peer, byte[] payload)
    {
        using var cts = new CancellationTokenSource(Patience);
        await peer.SendToAsync(payload, client.Allocation.RelayedAddress!);
        var (from, received) = await client.Received.Reader.ReadAsync(cts.Token);
        Assert.Equal(peer.LocalEndPoint, from);
        return received;
    }

    private static Socket PeerSocket()
    {
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return peer;
    }

    [Fact]
    public async Task Allocate_WithSharedSecretCredentials_GetsARelayedAddress_AndRelaysBothWays()
    {
        await using var server = await CoturnServer.StartAsync();
        await using var client = new TurnClientHarness(server.EndPoint, Credentials(server));
        Assert.Equal(TurnAllocationState.Allocated, await client.SettledAsync());
        Assert.Equal(IPAddress.Loopback, client.Allocation.RelayedAddress!.Address);
        Assert.NotEqual(server.EndPoint.Port, client.Allocation.RelayedAddress.Port);
        Assert.Contains(client.Trace, line => line.Contains("authenticating in realm " + CoturnServer.Realm, StringComparison.Ordinal));

        using var peer = PeerSocket();
        client.Allocation.AddPeer((IPEndPoint)peer.LocalEndPoint!, DateTimeOffset.UtcNow);
        var seenFrom = await RelayToPeerAsync(client, peer, Encoding.UTF8.GetBytes("to the peer"));
        Assert.Equal(client.Allocation.RelayedAddress, seenFrom);
        Assert.Equal("from the peer", Encoding.UTF8.GetString(await PeerToClientAsync(client, peer, Encoding.UTF8.GetBytes("from the peer"))));
    }

    [Fact]
    public async Task Allocate_WithWrongPassword_FailsWithAnErrorNamingTheUserButNotThePassword()
    {
        await using var server = await CoturnServer.StartAsync();
        var wrong = new TurnCredentials(Credentials(server).Username, "not-the-password");
        await using var client = new TurnClientHarness(server.EndPoint, wrong);
        Assert.Equal(TurnAllocationState.Failed, await client.SettledAsync());
        Assert.Contains("rejected the credentials", client.Allocation.Error, StringComparison.Ordinal);
        Assert.Contains(wrong.Username, client.Allocation.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", client.Allocation.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrong.ToString(), StringComparison.Ordinal);
        Assert.Null(client.Allocation.RelayedAddress);
    }

    [Fact]
    public async Task Allocate_WithExpiredSharedSecretCredentials_Fails()
    {
        await using var server = await CoturnServer.StartAsync();
        await using var client = new TurnClientHarness(server.EndPoint, Credentials(server, TimeSpan.FromMinutes(-5)));
        Assert.Equal(TurnAllocationState.Failed, await client.SettledAsync());
        Assert.Contains("rejected the credentials", client.Allocation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_ServerThatNeverAnswers_FailsAfterTheRetransmissions()
    {
        using var silent = PeerSocket();
        var options = new TurnClientOptions { RetransmissionTimeout = TimeSpan.FromMilliseconds(50), MaxTransmissions = 3 };
        await using var client = new TurnClientHarness((IPEndPoint)silent.LocalEndPoint!, new TurnCredentials("u", "p"), options);
        Assert.Equal(TurnAllocationState.Failed, await client.SettledAsync());
        Assert.Contains("did not answer Allocate", client.Allocation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleNonce_438_IsAnsweredWithTheNewNonce_AndPermissionsStillWork()
    {
        await using var server = await CoturnServer.StartAsync("--stale-nonce=1");
        await using var client = new TurnClientHarness(server.EndPoint, Credentials(server));
        Assert.Equal(TurnAllocationState.Allocated, await client.SettledAsync());
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // let the nonce go stale: the next request meets 438
        using var peer = PeerSocket();
        client.Allocation.AddPeer((IPEndPoint)peer.LocalEndPoint!, DateTimeOffset.UtcNow);
        Assert.Equal(client.Allocation.RelayedAddress, await RelayToPeerAsync(client, peer, [1, 2, 3]));
        Assert.Contains(client.Trace, line => line.Contains("stale nonce", StringComparison.Ordinal));
        Assert.Equal(TurnAllocationState.Allocated, client.Allocation.State);
    }

    [Fact]
    public async Task ShortLifetimes_AllocationPermissionAndChannelAreRefreshed_AndTheRelayKeepsWorking()
    {
        // The server grants 4 s allocations, 3 s permissions and 4 s channels; our client refreshes them in time.
        await using var server = await CoturnServer.StartAsync("--max-allocate-lifetime=4", "--permission-lifetime=3", "--channel-lifetime=4");
        var options = new TurnClientOptions { PermissionRefreshInterval = TimeSpan.FromSeconds(1.5), ChannelRefreshInterval = TimeSpan.FromSeconds(2) };
        await using var client = new TurnClientHarness(server.EndPoint, Credentials(server), options);
        Assert.Equal(TurnAllocationState.Allocated, await client.SettledAsync());
        using var peer = PeerSocket();
        client.Allocation.AddPeer((IPEndPoint)peer.LocalEndPoint!, DateTimeOffset.UtcNow);
        await RelayToPeerAsync(client, peer, [7]);

        await Task.Delay(TimeSpan.FromSeconds(9)); // more than twice every lifetime
        Assert.Equal(TurnAllocationState.Allocated, client.Allocation.State);
        Assert.True(client.Allocation.Refreshes >= 2, $"only {client.Allocation.Refreshes} refreshes");

        // Without the refreshes the server would have dropped the allocation, the permission and the channel by now.
        Assert.Equal([9, 9], await PeerToClientAsync(client, peer, [9, 9]));
        Assert.Equal(client.Allocation.RelayedAddress, await RelayToPeerAsync(client, peer, [8]));
    }

    [Fact]
    public async Task DataFromAPeerWithoutPermission_IsNotRelayed()
    {
        await using var server = await CoturnServer.StartAsync();
        await using var client = new TurnClientHarness(server.EndPoint, Credentials(server));
        Assert.Equal(TurnAllocationState.Allocated, await client.SettledAsync());
        using var allowed = PeerSocket();
        client.Allocation.AddPeer((IPEndPoint)allowed.LocalEndPoint!, DateTimeOffset.UtcNow);
        await RelayToPeerAsync(client, allowed, [1]);

        // A stranger on another address (127.0.0.2: loopback, but not the permitted IP) is dropped by the server.
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await stranger.SendToAsync(new byte[] { 6, 6, 6 }, client.Allocation.RelayedAddress!);
        Assert.Equal([5], await PeerToClientAsync(client, allowed, [5])); // the permitted peer's later datagram comes first and alone
        Assert.False(client.Received.Reader.TryRead(out _));
    }
}
