using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Tests.Ice;

public class IceAgentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static IceAgentOptions Loopback(IceAgentOptions? options = null) => (options ?? new IceAgentOptions()) with { LoopbackOnly = true };

    private static async Task<(IceAgent A, IceAgent B)> GatheredPairAsync(bool aControlling, bool bControlling, IceAgentOptions? options = null)
    {
        var a = new IceAgent(Loopback(options), aControlling, TimeProvider.System);
        var b = new IceAgent(Loopback(options), bControlling, TimeProvider.System);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        return (a, b);
    }

    [Fact]
    public async Task GatherAsync_LoopbackOnly_OffersOneLoopbackHostCandidate()
    {
        await using var agent = new IceAgent(Loopback(), controlling: true, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);
        var candidate = Assert.Single(agent.LocalCandidates);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Equal(IPAddress.Loopback, candidate.EndPoint.Address);
        Assert.Equal(agent.LocalEndPoint!.Port, candidate.EndPoint.Port);
        Assert.Equal((126u << 24) + (65_535u << 8) + 255u, candidate.Priority);
    }

    [Fact]
    public async Task Checks_BothSidesKnowEachOther_SelectTheSamePath()
    {
        var (a, b) = await GatheredPairAsync(true, false);
        await using var _ = a;
        await using var __ = b;
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.Equal(b.LocalEndPoint, a.SelectedPair!.Remote.EndPoint);
        Assert.Equal(a.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
        Assert.Equal(IceConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task AddRemoteCandidate_BeforeGathering_IsPairedOnceGathered()
    {
        await using var b = new IceAgent(Loopback(), controlling: false, TimeProvider.System);
        await b.GatherAsync(CancellationToken.None);
        await using var a = new IceAgent(Loopback(), controlling: true, TimeProvider.System);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        await a.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.Equal(b.LocalEndPoint, a.SelectedPair!.Remote.EndPoint);
    }

    [Fact]
    public async Task Checks_ControlledSideToldNothing_LearnsPeerReflexiveCandidate()
    {
        var (a, b) = await GatheredPairAsync(true, false);
        await using var _ = a;
        await using var __ = b;
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
        Assert.Equal(a.LocalEndPoint, b.SelectedPair.Remote.EndPoint);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Checks_BothClaimTheSameRole_RepairTheConflictWithTieBreakers(bool bothControlling)
    {
        var (a, b) = await GatheredPairAsync(bothControlling, bothControlling);
        await using var _ = a;
        await using var __ = b;
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));

        // RFC 8445 section 7.3.1.1: the agent with the larger tie-breaker ends up controlling.
        Assert.NotEqual(a.IsControlling, b.IsControlling);
        Assert.Equal(a.TieBreaker > b.TieBreaker, a.IsControlling);
    }

    [Fact]
    public async Task Checks_AggressiveNomination_Connects()
    {
        var (a, b) = await GatheredPairAsync(true, false, new IceAgentOptions { AggressiveNomination = true });
        await using var _ = a;
        await using var __ = b;
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.True(b.SelectedPair!.Nominated);
    }

    [Fact]
    public async Task Checks_WrongPassword_NeverConnectAndFailAfterTheConnectTimeout()
    {
        var options = new IceAgentOptions { ConnectTimeout = TimeSpan.FromSeconds(2) };
        var (a, b) = await GatheredPairAsync(true, false, options);
        await using var _ = a;
        await using var __ = b;
        a.SetRemoteCredentials(b.LocalUfrag, "not-the-password-of-b-at-all");
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        var error = await Assert.ThrowsAsync<RtcConnectionException>(() => a.WaitConnectedAsync(cts.Token));
        Assert.Contains("connect timeout", error.Message, StringComparison.Ordinal);
        Assert.Null(b.SelectedPair);
    }

    [Fact]
    public async Task Consent_PeerGone_ReportsDisconnectedThenFailed()
    {
        var options = new IceAgentOptions
        {
            ConsentInterval = TimeSpan.FromMilliseconds(100),
            DisconnectedTimeout = TimeSpan.FromMilliseconds(500),
            ConsentTimeout = TimeSpan.FromMilliseconds(1000),
        };
        var (a, b) = await GatheredPairAsync(true, false, options);
        await using var _ = a;
        var states = new List<IceConnectionState>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.StateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }

            if (s == IceConnectionState.Failed)
            {
                failed.TrySetResult();
            }
        };
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));

        await b.DisposeAsync();
        await failed.Task.WaitAsync(cts.Token);
        lock (states)
        {
            Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Failed], states);
        }
    }

    [Fact]
    public async Task GatherAsync_StunServerBehindNat_AddsServerReflexiveCandidateWithItsBase()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40_000);
        await using var server = new LoopbackStunServer(_ => mapped);
        await using var agent = new IceAgent(Loopback(new IceAgentOptions { StunServers = [server.EndPoint] }), controlling: true, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);

        var srflx = Assert.Single(agent.LocalCandidates, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal(mapped, srflx.EndPoint);
        Assert.Equal(agent.LocalEndPoint, srflx.RelatedEndPoint);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task GatherAsync_StunServerSeesTheHostAddress_AddsNoRedundantCandidate()
    {
        await using var server = new LoopbackStunServer(source => source);
        await using var agent = new IceAgent(Loopback(new IceAgentOptions { StunServers = [server.EndPoint] }), controlling: true, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);
        Assert.Single(agent.LocalCandidates);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task GatherAsync_SilentStunServer_GivesUpAfterTheGatheringTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new IceAgentOptions { StunServers = [(IPEndPoint)silent.LocalEndPoint!], GatheringTimeout = TimeSpan.FromMilliseconds(500) };
        await using var agent = new IceAgent(Loopback(options), controlling: true, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);
        Assert.Single(agent.LocalCandidates);
    }

    [Fact]
    public async Task IncomingCheck_WithWrongPassword_IsAnsweredUnauthorizedAndLearnsNothing()
    {
        await using var agent = new IceAgent(Loopback(), controlling: false, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId())
        {
            Username = agent.LocalUfrag + ":attacker",
            Priority = 1,
            IceControlling = 1,
            UseCandidate = true,
        };
        await attacker.SendToAsync(request.Encode("guessed-password-123456"u8.ToArray()), agent.LocalEndPoint!);
        var buffer = new byte[1500];
        using var cts = new CancellationTokenSource(Patience);
        var received = await attacker.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, received), out var response, out _));
        Assert.Equal(StunClass.ErrorResponse, response!.Class);
        Assert.Equal(StunErrorCode.Unauthorized, response.ErrorCode);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public async Task ReceiveLoop_GarbageAndMutatedChecks_DoNotStopTheAgent()
    {
        var (a, b) = await GatheredPairAsync(true, false);
        await using var _ = a;
        await using var __ = b;
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7983);
        var seed = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId()) { Username = b.LocalUfrag + ":x", Priority = 5, IceControlling = 9 }.Encode("k"u8);
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = i % 3 == 0 ? RandomBytes(random) : Stun.StunMessageTests.Mutate(seed, random);
            if (datagram.Length > 0)
            {
                attacker.SendTo(datagram, b.LocalEndPoint!);
            }
        }

        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.Equal(a.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
