using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>The agent on real loopback sockets and a settled fake clock (<see cref="IceClock"/>): no verdict depends on the machine's speed.</summary>
public class IceAgentTests
{
    /// <summary>Fake time a connection may take: the default connect timeout.</summary>
    private static readonly TimeSpan ConnectLimit = new IceAgentOptions().ConnectTimeout;

    private static async Task<(IceAgent A, IceAgent B)> GatheredPairAsync(IceClock clock, bool aControlling, bool bControlling, IceAgentOptions? options = null)
    {
        var a = clock.Agent(options ?? new IceAgentOptions(), aControlling);
        var b = clock.Agent(options ?? new IceAgentOptions(), bControlling);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        return (a, b);
    }

    /// <summary>Starts both agents' checks and steps the clock until both selected a pair; their waits have completed then.</summary>
    private static async Task ConnectAsync(IceClock clock, IceAgent a, IceAgent b)
    {
        a.StartChecks();
        b.StartChecks();
        await clock.AdvanceUntilAsync(() => a.SelectedPair is not null && b.SelectedPair is not null, ConnectLimit);
        await a.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await b.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GatherAsync_LoopbackOnly_OffersOneLoopbackHostCandidate()
    {
        await using var clock = new IceClock();
        var agent = clock.Agent(new IceAgentOptions(), controlling: true);
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
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);
        Assert.Equal(b.LocalEndPoint, a.SelectedPair!.Remote.EndPoint);
        Assert.Equal(a.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
        Assert.Equal(IceConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task AddRemoteCandidate_BeforeGathering_IsPairedOnceGathered()
    {
        await using var clock = new IceClock();
        var b = clock.Agent(new IceAgentOptions(), controlling: false);
        await b.GatherAsync(CancellationToken.None);
        var a = clock.Agent(new IceAgentOptions(), controlling: true);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        await a.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        await ConnectAsync(clock, a, b);
        Assert.Equal(b.LocalEndPoint, a.SelectedPair!.Remote.EndPoint);
    }

    [Fact]
    public async Task Checks_ControlledSideToldNothing_LearnsPeerReflexiveCandidate()
    {
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
        Assert.Equal(a.LocalEndPoint, b.SelectedPair.Remote.EndPoint);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Checks_BothClaimTheSameRole_RepairTheConflictWithTieBreakers(bool bothControlling)
    {
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, bothControlling, bothControlling);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);

        // RFC 8445 section 7.3.1.1: the agent with the larger tie-breaker ends up controlling.
        Assert.NotEqual(a.IsControlling, b.IsControlling);
        Assert.Equal(a.TieBreaker > b.TieBreaker, a.IsControlling);
    }

    [Fact]
    public async Task Checks_AggressiveNomination_Connects()
    {
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false, new IceAgentOptions { AggressiveNomination = true });
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);
        Assert.True(b.SelectedPair!.Nominated);
    }

    [Fact]
    public async Task Checks_WrongPassword_NeverConnectAndFailAfterTheConnectTimeout()
    {
        var options = new IceAgentOptions { ConnectTimeout = TimeSpan.FromSeconds(2) };
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false, options);
        a.SetRemoteCredentials(b.LocalUfrag, "not-the-password-of-b-at-all");
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        a.StartChecks();
        b.StartChecks();
        var startedAt = clock.Now;

        // Up to just before the timeout nothing is decided; on the first tick after it, a fails.
        await clock.AdvanceAsync(options.ConnectTimeout);
        Assert.Equal(IceConnectionState.Checking, a.State);
        await clock.AdvanceUntilAsync(() => a.State == IceConnectionState.Failed, TimeSpan.FromSeconds(1));

        Assert.InRange(clock.Now - startedAt, options.ConnectTimeout, options.ConnectTimeout + options.CheckInterval);
        var error = await Assert.ThrowsAsync<RtcConnectionException>(() => a.WaitConnectedAsync(CancellationToken.None));
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
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false, options);
        var states = new List<IceConnectionState>();
        a.StateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);

        // Many consent intervals with a live peer: no flapping, however slow the machine.
        await clock.AdvanceAsync(options.ConsentTimeout * 3);
        await clock.RemoveAsync(b);
        await clock.AdvanceUntilAsync(() => a.State == IceConnectionState.Failed, options.ConsentTimeout * 2);

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
        await using var clock = new IceClock();
        var agent = clock.Agent(new IceAgentOptions { StunServers = [server.EndPoint] }, controlling: true);
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
        await using var clock = new IceClock();
        var agent = clock.Agent(new IceAgentOptions { StunServers = [server.EndPoint] }, controlling: true);
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
        await using var clock = new IceClock();
        var agent = clock.Agent(options, controlling: true);

        var gathering = agent.GatherAsync(CancellationToken.None);
        await clock.AdvanceAsync(options.GatheringTimeout - options.CheckInterval);
        Assert.False(gathering.IsCompleted, "gathering gave up on the STUN server before its timeout");

        // At the timeout the wait ends on the thread pool: give it real time (bounded), the clock has done its part.
        await clock.AdvanceAsync(options.CheckInterval);
        await gathering.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(agent.LocalCandidates);
    }

    [Fact]
    public async Task IncomingCheck_WithWrongPassword_IsAnsweredUnauthorizedAndLearnsNothing()
    {
        await using var clock = new IceClock();
        var agent = clock.Agent(new IceAgentOptions(), controlling: false);
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
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = await attacker.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, received), out var response, out _));
        Assert.Equal(StunClass.ErrorResponse, response!.Class);
        Assert.Equal(StunErrorCode.Unauthorized, response.ErrorCode);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public async Task ReceiveLoop_GarbageAndMutatedChecks_DoNotStopTheAgent()
    {
        await using var clock = new IceClock();
        var (a, b) = await GatheredPairAsync(clock, true, false);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7983);
        var seed = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId()) { Username = b.LocalUfrag + ":x", Priority = 5, IceControlling = 9 }.Encode("k"u8);

        // In batches that fit the socket's buffer, each handled before the next: all 20,000 reach the agent.
        var batch = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = i % 3 == 0 ? RandomBytes(random) : Stun.StunMessageTests.Mutate(seed, random);
            if (datagram.Length > 0)
            {
                attacker.SendTo(datagram, b.LocalEndPoint!);
                batch++;
            }

            if (batch == 200 || i == 19_999)
            {
                await clock.AbsorbForeignDatagramsAsync(b, batch);
                batch = 0;
            }
        }

        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);
        await ConnectAsync(clock, a, b);
        Assert.Equal(a.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
