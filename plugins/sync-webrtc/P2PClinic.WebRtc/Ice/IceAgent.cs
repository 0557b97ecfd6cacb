using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using P2PClinic.WebRtc.Stun;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

/// <summary>Receives a non-STUN datagram (DTLS, RFC 7983 section 7) from a known remote candidate.</summary>
internal delegate void IceDataHandler(ReadOnlySpan<byte> datagram);

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component over one UDP socket. The socket carries both
/// STUN (connectivity and consent checks) and the application's DTLS records, told apart by their first byte
/// (RFC 7983 section 7). Host candidates on every usable IPv4 and IPv6 address, one dual-stack socket.
/// </summary>
internal sealed partial class IceAgent : IAsyncDisposable
{
    /// <summary>ice-char alphabet (RFC 8839 section 5.4), without '+' and '/' so credentials survive any signaling.</summary>
    private const string CredentialAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int MaxRemoteCandidates = 64;
    private const int MaxPendingDatagrams = 4096;

    private readonly Lock gate = new();
    private readonly IceAgentOptions options;
    private readonly TimeProvider time;
    private byte[] localPasswordKey;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<IceCandidate> localCandidates = [];
    private readonly List<IceCandidate> remoteCandidates = [];
    private readonly List<IceCandidatePair> checklist = [];
    private readonly Queue<IceCandidatePair> triggeredChecks = new();
    private readonly Dictionary<string, StunTransaction> transactions = [];
    private readonly Channel<IceConnectionState> stateEvents = Channel.CreateUnbounded<IceConnectionState>(new() { SingleReader = true });
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<TurnAllocation, IceCandidate> relayCandidates = [];
    private readonly List<string> relayErrors = [];

    /// <summary>Replaced, never changed in place: the receive loop reads it without the lock.</summary>
    private TurnAllocation[] allocations = [];

    /// <summary>The allocations over UDP, whose datagrams arrive on our socket (the others have their own TCP connection).</summary>
    private TurnAllocation[] udpAllocations = [];
    private readonly List<(TurnTcpConnection Connection, Task Running)> tcpConnections = [];
    private Socket? socket;
    private string? remoteUfrag;
    private byte[]? remotePasswordKey;
    private bool checking;
    private IceCandidatePair? selected;
    private IceCandidatePair? nominating;
    private IceConnectionState state = IceConnectionState.New;
    private DateTimeOffset checksStartedAt;
    private DateTimeOffset? firstValidAt;
    private DateTimeOffset lastConsentAt;
    private DateTimeOffset nextConsentAt;
    private int pendingServerQueries;
    private Task? receiveLoop;
    private Task? timerLoop;
    private Task? eventLoop;

    public IceAgent(IceAgentOptions options, bool controlling, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        IsControlling = controlling;
        TieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

        (LocalUfrag, LocalPassword, localPasswordKey) = NewLocalCredentials();

        // Nobody may be waiting when the agent fails or closes; the failure is reported through State too.
        _ = connected.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Our ufrag; a new one after <see cref="RestartAsync"/>.</summary>
    public string LocalUfrag { get; private set; }

    /// <summary>Our password; a new one after <see cref="RestartAsync"/>.</summary>
    public string LocalPassword { get; private set; }

    /// <summary>The tie-breaker for role conflicts (RFC 8445 section 7.1.3).</summary>
    public ulong TieBreaker { get; }

    public bool IsControlling { get; private set; }

    public IceConnectionState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    public IceCandidatePair? SelectedPair
    {
        get
        {
            lock (gate)
            {
                return selected;
            }
        }
    }

    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (gate)
            {
                return [.. localCandidates];
            }
        }
    }

    /// <summary>Why TURN servers gave us no relayed candidate (wrong credentials, no answer), in words for a status line.</summary>
    public IReadOnlyList<string> RelayErrors
    {
        get
        {
            lock (gate)
            {
                return [.. relayErrors];
            }
        }
    }

    /// <summary>The bound socket's address (only after <see cref="GatherAsync"/>).</summary>
    public IPEndPoint? LocalEndPoint => socket?.LocalEndPoint as IPEndPoint;

    /// <summary>Raised in order, on a background task, when the connectivity state changes.</summary>
    public event Action<IceConnectionState>? StateChanged;

    /// <summary>Receives DTLS datagrams from known remote candidates. Set before gathering; called on the receive loop.</summary>
    public IceDataHandler? DataReceived { get; set; }

    /// <summary>Diagnostics hook: one line per notable event.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Binds the socket and gathers host and server-reflexive candidates (RFC 8445 section 5.1.1).</summary>
    public async Task GatherAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(state == IceConnectionState.Closed, this);
            if (socket is not null)
            {
                throw new InvalidOperationException("Candidates were gathered already.");
            }

            socket = OpenSocket();
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            IReadOnlyList<IPAddress> addresses = options.RelayOnly ? []
                : options.LoopbackOnly ? [IPAddress.Loopback]
                : HostAddressSelection.FromInterfaces(includeIPv6: socket.AddressFamily == AddressFamily.InterNetworkV6);
            for (var i = 0; i < addresses.Count; i++)
            {
                var priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65_535 - i);
                localCandidates.Add(new IceCandidate(IceCandidate.ComputeFoundation(IceCandidateType.Host, addresses[i]), IceCandidate.DataComponent, priority, new IPEndPoint(addresses[i], port), IceCandidateType.Host));
            }

            // Remote candidates added before gathering could not be paired yet.
            foreach (var remote in remoteCandidates.Where(r => !checklist.Exists(p => p.Remote == r)))
            {
                PairWithLocals(remote);
            }

            var now = time.GetUtcNow();
            var overUdp = new List<TurnAllocation>();
            var overTcp = new List<(TurnAllocation, TurnTcpConnection)>();
            foreach (var server in options.TurnServers.Where(t => CanReach(t.EndPoint)))
            {
                if (server.OverTcp)
                {
                    // Opened here, on the gathering thread, like the UDP socket (a test's network namespace is the thread's).
                    var connection = new TurnTcpConnection(server.EndPoint);
                    overTcp.Add((new TurnAllocation(server.EndPoint, server.Credentials, (packet, _) => connection.Send(packet), options.TurnClient) { Trace = Trace }, connection));
                }
                else
                {
                    overUdp.Add(new TurnAllocation(server.EndPoint, server.Credentials, (packet, to) => SendTo(packet, to), options.TurnClient) { Trace = Trace });
                }
            }

            udpAllocations = [.. overUdp];
            allocations = [.. overUdp, .. overTcp.Select(t => t.Item1)];
            foreach (var (allocation, connection) in overTcp)
            {
                tcpConnections.Add((connection, Task.Run(() => RunTcpAllocationAsync(allocation, connection))));
            }

            receiveLoop = Task.Factory.StartNew(ReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // Made here, not on the loop's task, so that its ticks count from now on any clock (see Activity).
            var ticker = new PeriodicTimer(options.CheckInterval, time);
            timerStartedAt = time.GetUtcNow();
            timerLoop = Task.Run(() => TimerLoopAsync(ticker, stopping.Token), CancellationToken.None);
            eventLoop = Task.Run(() => EventLoopAsync(stopping.Token), CancellationToken.None);

            pendingServerQueries = allocations.Length;
            foreach (var allocation in udpAllocations)
            {
                allocation.Start(now);
            }

            QueryStunServers();
        }

        await WaitGatheredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks every reachable STUN server for our mapping (server-reflexive candidates, RFC 8445 section 5.1.1.2);
    /// completes <see cref="gathered"/> once no query is pending. Called under the lock.
    /// </summary>
    private void QueryStunServers()
    {
        // Relay-only: not even a STUN server learns our address from us (the TURN server does, unavoidably).
        var reachableServers = options.RelayOnly ? [] : options.StunServers.Where(CanReach).ToList();
        pendingServerQueries += reachableServers.Count;
        foreach (var server in reachableServers)
        {
            var request = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId());
            var transaction = new StunTransaction(StunTransactionKind.ServerQuery, request.Encode([]), server, null, false, IsControlling, time.GetUtcNow() + options.CheckRetransmissionTimeout, options.CheckRetransmissionTimeout);
            transactions[Convert.ToHexString(request.TransactionId)] = transaction;
            SendTo(transaction.Packet, server);
        }

        if (pendingServerQueries <= 0)
        {
            gathered.TrySetResult();
        }
    }

    private async Task WaitGatheredAsync(CancellationToken cancellationToken)
    {
        Task gathering;
        lock (gate)
        {
            gathering = gathered.Task;
        }

        try
        {
            await gathering.WaitAsync(options.GatheringTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Unreachable STUN servers cost their candidates, not the connection (host candidates may still work).
            lock (gate)
            {
                foreach (var key in transactions.Where(t => t.Value.Kind == StunTransactionKind.ServerQuery).Select(t => t.Key).ToList())
                {
                    transactions.Remove(key);
                }
            }

            Trace?.Invoke("gathering: STUN servers did not answer in time");
        }
    }

    /// <summary>Sets the peer's ICE credentials from its description (RFC 8839 section 5.4).</summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        lock (gate)
        {
            remoteUfrag = ufrag;
            remotePasswordKey = Encoding.UTF8.GetBytes(password);
        }
    }

    /// <summary>Adds a remote candidate (from the description or trickled) and pairs it (RFC 8445 section 6.1.2).</summary>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        lock (gate)
        {
            if (state is IceConnectionState.Closed or IceConnectionState.Failed)
            {
                return;
            }

            var known = remoteCandidates.FindIndex(c => c.EndPoint.Equals(candidate.EndPoint));
            if (known >= 0)
            {
                return; // a peer-reflexive candidate learned earlier stays; pairs exist already
            }

            if (!IsUsableRemote(candidate.EndPoint) || remoteCandidates.Count >= MaxRemoteCandidates)
            {
                Trace?.Invoke($"ignoring remote candidate {candidate.EndPoint}");
                return;
            }

            remoteCandidates.Add(candidate);
            PairWithLocals(candidate);
        }
    }

    /// <summary>Starts connectivity checks; the credentials must be known (call after the remote description).</summary>
    public void StartChecks()
    {
        lock (gate)
        {
            if (socket is null || remotePasswordKey is null)
            {
                throw new InvalidOperationException("Gather candidates and set the remote credentials before starting checks.");
            }

            if (checking)
            {
                return;
            }

            checking = true;
            checksStartedAt = time.GetUtcNow();
            if (state == IceConnectionState.New)
            {
                SetState(IceConnectionState.Checking);
            }
        }
    }

    /// <summary>Completes when a pair is selected; fails when the agent fails or closes first.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => connected.Task.WaitAsync(cancellationToken);

    /// <summary>Sends a datagram on the selected pair. Silently dropped before selection, like any UDP loss.</summary>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        var pair = selected;
        var s = socket;
        if (pair is null || s is null)
        {
            return;
        }

        if (pair.Local.Type == IceCandidateType.Relayed)
        {
            RelayOf(pair.Local)?.SendToPeer(datagram, pair.Remote.EndPoint);
            return;
        }

        try
        {
            s.SendTo(datagram, SocketFlags.None, pair.Remote.EndPoint);
            Interlocked.Increment(ref datagramsSent);
        }
        catch (SocketException e)
        {
            Trace?.Invoke($"send failed: {e.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
            // closed under us: the datagram is lost like on any closed path
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (state == IceConnectionState.Closed)
            {
                return;
            }

            SetState(IceConnectionState.Closed);
        }

        connected.TrySetException(new ObjectDisposedException(nameof(IceAgent)));
        gathered.TrySetResult();
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var allocation in allocations)
        {
            allocation.Release(); // frees the relay port on the server at once instead of at the lifetime's end
        }

        socket?.Dispose();
        foreach (var (connection, running) in tcpConnections)
        {
            connection.Dispose();
            await running.ConfigureAwait(false);
        }

        foreach (var loop in new[] { receiveLoop, timerLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }
        }

        stateEvents.Writer.TryComplete();
        if (eventLoop is not null)
        {
            await eventLoop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    /// <summary>
    /// One socket for every host candidate: dual-stack on [::] where the machine has IPv6 (IPv4 peers then appear as
    /// IPv4-mapped addresses, which <see cref="Normalize"/> folds back), else IPv4 on 0.0.0.0; 127.0.0.1 only with
    /// <see cref="IceAgentOptions.LoopbackOnly"/>.
    /// </summary>
    private Socket OpenSocket()
    {
        Socket opened;
        if (!options.LoopbackOnly && Socket.OSSupportsIPv6)
        {
            opened = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                opened.DualMode = true;
                opened.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            }
            catch (SocketException)
            {
                // IPv6 switched off in this namespace or kernel: fall back to IPv4 alone.
                opened.Dispose();
                opened = OpenIPv4(IPAddress.Any);
            }
        }
        else
        {
            opened = OpenIPv4(options.LoopbackOnly ? IPAddress.Loopback : IPAddress.Any);
        }

        // Large buffers: SCTP bursts a congestion window at a time, and loopback drops what does not fit.
        opened.ReceiveBufferSize = 4 * 1024 * 1024;
        opened.SendBufferSize = 4 * 1024 * 1024;
        return opened;
    }

    private static Socket OpenIPv4(IPAddress bindTo)
    {
        var opened = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        opened.Bind(new IPEndPoint(bindTo, 0));
        return opened;
    }

    /// <summary>An IPv4 peer seen through the dual-stack socket arrives as ::ffff:a.b.c.d; every comparison uses the IPv4 form.</summary>
    internal static IPEndPoint Normalize(IPEndPoint endPoint)
        => endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    /// <summary>Whether our socket can send to the address at all (an IPv4-only socket cannot reach IPv6).</summary>
    private bool CanReach(IPEndPoint endPoint)
        => endPoint.AddressFamily == AddressFamily.InterNetwork || socket?.AddressFamily == AddressFamily.InterNetworkV6;

    private bool IsUsableRemote(IPEndPoint endPoint)
        => endPoint.Port != 0 && CanReach(endPoint) && !endPoint.Address.IsIPv6LinkLocal && (!options.LoopbackOnly || IPAddress.IsLoopback(endPoint.Address));

    /// <summary>
    /// All host candidates share one socket, so each remote candidate gets one host pair (see <see cref="HostFor"/>),
    /// plus one pair with each relayed candidate of its address family. Server-reflexive local candidates are never
    /// paired: they are replaced by their base (RFC 8445 section 6.1.2.4).
    /// </summary>
    private void PairWithLocals(IceCandidate remote)
    {
        if (HostFor(remote) is { } host)
        {
            PairWith(remote, host);
        }

        foreach (var relayed in relayCandidates.Values.Where(r => r.EndPoint.AddressFamily == remote.EndPoint.AddressFamily))
        {
            PairWith(remote, relayed);
        }
    }

    /// <summary>
    /// The host candidate to pair a remote with: the loopback one for a loopback remote, else the first other of the
    /// same address family (RFC 8445 section 6.1.2.2). None in relay-only mode.
    /// </summary>
    private IceCandidate? HostFor(IceCandidate remote)
    {
        var hosts = localCandidates.Where(c => c.Type == IceCandidateType.Host && c.EndPoint.AddressFamily == remote.EndPoint.AddressFamily).ToList();
        return IPAddress.IsLoopback(remote.EndPoint.Address)
            ? hosts.FirstOrDefault(c => IPAddress.IsLoopback(c.EndPoint.Address)) ?? hosts.FirstOrDefault()
            : hosts.FirstOrDefault(c => !IPAddress.IsLoopback(c.EndPoint.Address)) ?? hosts.FirstOrDefault();
    }

    private IceCandidatePair? PairWith(IceCandidate remote, IceCandidate? local)
    {
        if (local is null)
        {
            return null;
        }

        var pair = new IceCandidatePair(local, remote);

        // RFC 8445 section 6.1.2.6: one pair per foundation starts Waiting, the others stay Frozen until it succeeds.
        if (!checklist.Any(p => p.Foundation == pair.Foundation && p.State != IceCandidatePairState.Frozen))
        {
            pair.State = IceCandidatePairState.Waiting;
        }

        checklist.Add(pair);

        // The server relays nothing from or to a peer without a permission (RFC 8656 section 9); a channel saves 32 bytes a datagram.
        RelayOf(local)?.AddPeer(remote.EndPoint, time.GetUtcNow());
        return pair;
    }

    /// <summary>Allocates over a TCP connection to the server; a connection that fails or ends fails the allocation with the reason.</summary>
    private async Task RunTcpAllocationAsync(TurnAllocation allocation, TurnTcpConnection connection)
    {
        var ended = await connection.RunAsync(
            () => allocation.Start(time.GetUtcNow()),
            message => ReceiveFromServer(allocation, message),
            options.GatheringTimeout).ConfigureAwait(false);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        allocation.MarkUnreachable(ended);
        lock (gate)
        {
            OnAllocationChanged(allocation);
        }
    }

    private TurnAllocation? RelayOf(IceCandidate local)
    {
        if (local.Type != IceCandidateType.Relayed)
        {
            return null;
        }

        foreach (var (allocation, candidate) in relayCandidates)
        {
            if (candidate == local)
            {
                return allocation;
            }
        }

        return null;
    }

    private IceCandidate? RelayCandidateOf(TurnAllocation allocation) => relayCandidates.GetValueOrDefault(allocation);

    /// <summary>
    /// An allocation was granted or failed (called under the lock). Granted: its relayed address becomes a candidate
    /// (RFC 8445 section 5.1.1.2; its related address is the mapped one) paired with every remote, and the mapped
    /// address a server-reflexive candidate unless relay-only. Failed: the reason is kept for the status.
    /// </summary>
    private void OnAllocationChanged(TurnAllocation allocation)
    {
        if (allocation.State == TurnAllocationState.Allocated && allocation.RelayedAddress is { } relayed && !relayCandidates.ContainsKey(allocation))
        {
            // RFC 8445 section 5.1.2.1: prefer a relay reached over UDP to one reached over TCP.
            var priority = IceCandidate.ComputePriority(IceCandidateType.Relayed, (udpAllocations.Contains(allocation) ? 65_535 : 32_767) - relayCandidates.Count);
            var foundation = IceCandidate.ComputeFoundation(IceCandidateType.Relayed, relayed.Address, allocation.Server.ToString());
            // Relay-only: the related address would reveal our NAT's address; browsers then write 0.0.0.0:0, and so do we.
            var related = options.RelayOnly ? new IPEndPoint(IPAddress.Any, 0) : allocation.MappedAddress;
            var candidate = new IceCandidate(foundation, IceCandidate.DataComponent, priority, relayed, IceCandidateType.Relayed, related);
            relayCandidates[allocation] = candidate;
            localCandidates.Add(candidate);
            Trace?.Invoke($"relayed candidate {relayed} on {allocation.Server}");
            if (!options.RelayOnly && allocation.MappedAddress is { } mapped && !localCandidates.Exists(c => c.EndPoint.Equals(mapped))
                && localCandidates.FirstOrDefault(c => c.Type == IceCandidateType.Host && c.EndPoint.AddressFamily == mapped.AddressFamily) is { } host)
            {
                localCandidates.Add(new IceCandidate(IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, host.EndPoint.Address, allocation.Server.ToString()), IceCandidate.DataComponent, IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65_535), mapped, IceCandidateType.ServerReflexive, host.EndPoint));
            }

            foreach (var remote in remoteCandidates.Where(r => r.EndPoint.AddressFamily == relayed.AddressFamily))
            {
                PairWith(remote, candidate);
            }
        }
        else if (allocation.State == TurnAllocationState.Failed && allocation.Error is { } error && !relayErrors.Contains(error))
        {
            relayErrors.Add(error);
            if (relayCandidates.Remove(allocation, out var lost))
            {
                // Pairs through a lost allocation cannot carry anything any more.
                foreach (var pair in checklist.Where(p => p.Local == lost && !p.IsValid))
                {
                    pair.State = IceCandidatePairState.Failed;
                }
            }
        }
        else
        {
            return;
        }

        if (!gathered.Task.IsCompleted && --pendingServerQueries <= 0)
        {
            gathered.TrySetResult();
        }
    }

    private async Task TimerLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (gate)
                {
                    OnTick();
                }

                Interlocked.Increment(ref ticksHandled);
            }
        }
        catch (OperationCanceledException)
        {
            // closing
        }
        finally
        {
            timer.Dispose();
        }
    }

    private async Task EventLoopAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken; // the loop ends when the channel completes, so that the Closed event is still delivered
        await foreach (var changed in stateEvents.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                StateChanged?.Invoke(changed);
            }
#pragma warning disable CA1031 // A subscriber's exception must not stop later notifications.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Trace?.Invoke($"state handler threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref eventsPending);
            }
        }
    }
}
