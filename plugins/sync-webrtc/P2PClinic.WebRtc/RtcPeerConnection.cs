using System.Security.Cryptography;
using System.Threading.Channels;
using P2PClinic.WebRtc.Dtls;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sdp;

namespace P2PClinic.WebRtc;

/// <summary>
/// A WebRTC peer connection for data channels: ICE (RFC 8445) finds a path, DTLS 1.2 (RFC 6347) secures it with the
/// certificates named in the SDP, SCTP (RFC 8261) carries the data channels (RFC 8831). Descriptions are complete
/// (candidates gathered before they are handed out); trickled candidates from the peer are accepted too.
/// </summary>
/// <remarks>
/// The offerer is the ICE controlling agent and offers <c>a=setup:actpass</c>; the answerer takes the DTLS client
/// role (<c>a=setup:active</c>, RFC 8842 section 5.2). Data channels are created once the DTLS role is known: after
/// <see cref="SetRemoteDescription"/> on the offerer, after <see cref="CreateAnswerAsync"/> on the answerer.
/// </remarks>
public sealed partial class RtcPeerConnection : IAsyncDisposable
{
    /// <summary>RFC 8841 section 5: the SCTP port when the description names none.</summary>
    private const ushort SctpPort = 5000;

    /// <summary>
    /// The largest SCTP packet: the DTLS send budget (<see cref="IceDatagramTransport.SendLimit"/>, 1232) minus the
    /// DTLS 1.2 record overhead with AES-GCM (13-byte header, 8-byte explicit nonce, 16-byte tag; RFC 6347 section
    /// 4.1, RFC 5288 section 3).
    /// </summary>
    private const int SctpMaxPacketSize = IceDatagramTransport.SendLimit - 13 - 8 - 16;

    /// <summary>Used when the peer says "any size" (a=max-message-size:0, RFC 8841 section 6).</summary>
    private const int UnlimitedMessageSize = 16 * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly RtcConfiguration configuration;
    private readonly RtcCertificate certificate;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource closing = new();
    private readonly List<IceCandidate> pendingRemoteCandidates = [];
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<RtcPeerConnectionState> stateEvents = Channel.CreateUnbounded<RtcPeerConnectionState>(new() { SingleReader = true });
    private readonly Task eventLoop;
    private readonly ulong sessionId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;
    private IceAgent? agent;
    private IceDatagramTransport? datagrams;
    private Task? gathering;
    private SdpDataChannelDescription? remoteDescription;
    private bool? isOfferer;
    private bool? isDtlsClient;
    private bool checksStarted;
    private SctpAssociation? association;
    private DataChannelEndpoint? endpoint;
    private DtlsConnection? dtls;
    private Task? connecting;
    private Task? dtlsReader;
    private RtcPeerConnectionState state = RtcPeerConnectionState.New;
    private IReadOnlyList<string> iceServerProblems = [];

    /// <summary>Creates a connection; nothing is sent until a description is created or set.</summary>
    public RtcPeerConnection(RtcConfiguration? configuration = null)
    {
        this.configuration = configuration ?? new RtcConfiguration();
        if (this.configuration.MaxMessageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), "MaxMessageSize must be positive.");
        }

        IceServerUri.Validate(this.configuration.IceServers);
        if (this.configuration.IceTransportPolicy == RtcIceTransportPolicy.Relay && !this.configuration.IceServers.Any(s => s.Urls.Any(u => IceServerUri.Parse(u).IsTurn)))
        {
            throw new ArgumentException("The relay-only policy needs at least one turn: server.", nameof(configuration));
        }

        time = this.configuration.TimeProvider;
        certificate = this.configuration.Certificate ?? RtcCertificate.Generate(time);
        eventLoop = Task.Run(RaiseStateEventsAsync);

        // Nobody may be waiting when the connection fails or closes; ConnectionState reports it too.
        _ = connected.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Raised, in order and on a background task, when <see cref="ConnectionState"/> changes.</summary>
    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    /// <summary>The peer opened a data channel (DCEP, RFC 8832).</summary>
    public event Action<RtcDataChannel>? DataChannelOpened;

    /// <summary>Where the connection stands.</summary>
    public RtcPeerConnectionState ConnectionState
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>Our certificate's fingerprint (<c>sha-256 AB:CD:...</c>): one half of the channel binding.</summary>
    public string LocalFingerprint => certificate.Fingerprint;

    /// <summary>
    /// The peer's certificate fingerprint: from its description, and once connected the one its DTLS certificate was
    /// verified against. The other half of the channel binding; null before the remote description is set.
    /// </summary>
    public string? RemoteFingerprint
    {
        get
        {
            lock (gate)
            {
                return dtls?.RemoteFingerprint.ToString() ?? remoteDescription?.Fingerprint.ToString();
            }
        }
    }

    /// <summary>
    /// The largest message the data channels may send: the smaller of this side's <see cref="RtcConfiguration.MaxMessageSize"/>
    /// and the peer's <c>a=max-message-size</c> (RFC 8841 section 6; 0, "no limit", counts as the stack's own cap).
    /// Null before the remote description is set.
    /// </summary>
    public int? MaxSendMessageSize
    {
        get
        {
            lock (gate)
            {
                return remoteDescription is { } remote ? SendLimit(remote) : null;
            }
        }
    }

    /// <summary>The kinds of the candidate pair in use (host, srflx, prflx or relayed at each end); null until ICE selected one.</summary>
    public RtcIcePath? SelectedPath
    {
        get
        {
            var pair = agent?.SelectedPair;
            return pair is null ? null : new RtcIcePath(ToPublic(pair.Local.Type), ToPublic(pair.Remote.Type));
        }
    }

    /// <summary>
    /// Why configured ICE servers gave no candidates: TURN credentials the server rejected, servers that never answered,
    /// URIs this stack cannot use or resolve. Never contains a credential. Empty when all is well.
    /// </summary>
    public IReadOnlyList<string> IceServerProblems
    {
        get
        {
            lock (gate)
            {
                return [.. iceServerProblems, .. agent?.RelayErrors ?? []];
            }
        }
    }

    /// <summary>Diagnostics hook: one line per notable ICE or connection event.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Gathers candidates and returns a complete offer (JSEP, RFC 8829 section 5.2).</summary>
    /// <exception cref="InvalidOperationException">A description was already created or a remote offer set.</exception>
    public async Task<RtcSessionDescription> CreateOfferAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfClosed();
            if (isOfferer is not null)
            {
                throw new InvalidOperationException("This connection already negotiated; renegotiation is not supported.");
            }

            isOfferer = true;
        }

        await EnsureGatheredAsync(controlling: true, cancellationToken).ConfigureAwait(false);
        return new RtcSessionDescription(RtcSdpType.Offer, LocalDescription(DtlsSetupRole.ActPass).Write());
    }

    /// <summary>Gathers candidates and answers the remote offer; ICE checks start.</summary>
    /// <exception cref="InvalidOperationException">No remote offer was set.</exception>
    public async Task<RtcSessionDescription> CreateAnswerAsync(CancellationToken cancellationToken = default)
    {
        bool client;
        bool remoteIsLite;
        lock (gate)
        {
            ThrowIfClosed();
            if (isOfferer != false || remoteDescription is null || isDtlsClient is null)
            {
                throw new InvalidOperationException("Set the remote offer before creating an answer.");
            }

            client = isDtlsClient.Value;
            remoteIsLite = remoteDescription.IceLite;
        }

        // RFC 8445 section 6.1.1: facing a lite implementation, the full agent is controlling even as answerer.
        await EnsureGatheredAsync(controlling: remoteIsLite, cancellationToken).ConfigureAwait(false);
        var answer = LocalDescription(client ? DtlsSetupRole.Active : DtlsSetupRole.Passive).Write();
        StartChecksIfReady();
        return new RtcSessionDescription(RtcSdpType.Answer, answer);
    }

    /// <summary>Applies the peer's offer or answer.</summary>
    /// <exception cref="RtcSdpException">The description is malformed or lacks what a data channel needs.</exception>
    /// <exception cref="InvalidOperationException">The description does not fit the negotiation (an answer without an offer, a second offer).</exception>
    public void SetRemoteDescription(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var parsed = SdpDataChannelDescription.Parse(description.Sdp);
        lock (gate)
        {
            ThrowIfClosed();
            if (remoteDescription is not null)
            {
                throw new InvalidOperationException("A remote description was set already; renegotiation is not supported.");
            }

            if (description.Type == RtcSdpType.Answer)
            {
                if (isOfferer != true)
                {
                    throw new InvalidOperationException("An answer needs our offer first.");
                }

                // RFC 8842 section 5.3: the answerer picks active or passive; actpass in an answer is an error.
                isDtlsClient = parsed.Setup switch
                {
                    DtlsSetupRole.Active => false,
                    DtlsSetupRole.Passive => true,
                    _ => throw new RtcSdpException("An answer must say a=setup:active or a=setup:passive (RFC 8842 section 5.3)."),
                };
            }
            else
            {
                if (isOfferer is not null)
                {
                    throw new InvalidOperationException("This connection made its own offer; glare handling is not supported.");
                }

                isOfferer = false;

                // We answer active (the DTLS client) unless the offerer insists on being active itself.
                isDtlsClient = parsed.Setup != DtlsSetupRole.Active;
            }

            remoteDescription = parsed;
            pendingRemoteCandidates.AddRange(parsed.Candidates);
            CreateAssociation(parsed);
        }

        if (description.Type == RtcSdpType.Answer)
        {
            StartChecksIfReady();
        }
    }

    /// <summary>Adds a trickled remote candidate. Candidates we cannot use (TCP, mDNS <c>.local</c> names) are ignored.</summary>
    /// <exception cref="RtcSdpException">The candidate is malformed.</exception>
    public void AddIceCandidate(RtcIceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (string.IsNullOrWhiteSpace(candidate.Candidate))
        {
            return; // the end-of-candidates marker of the W3C API
        }

        if (!IceCandidate.TryParse(candidate.Candidate, out var parsed, out var reason, out var unsupported))
        {
            if (unsupported)
            {
                Trace?.Invoke($"ignoring candidate: {reason}");
                return;
            }

            throw new RtcSdpException($"Malformed ICE candidate: {reason}.");
        }

        IceAgent? ready;
        lock (gate)
        {
            ThrowIfClosed();
            ready = checksStarted ? agent : null;
            if (ready is null)
            {
                pendingRemoteCandidates.Add(parsed!);
            }
        }

        ready?.AddRemoteCandidate(parsed!);
    }

    /// <summary>
    /// Creates a data channel: announced to the peer with DCEP, or pre-negotiated when <see cref="RtcDataChannelInit.Id"/> is set.
    /// It opens once the connection is up.
    /// </summary>
    /// <exception cref="InvalidOperationException">The DTLS role is not known yet (see the remarks on <see cref="RtcPeerConnection"/>) or the connection is closed.</exception>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        DataChannelEndpoint channels;
        lock (gate)
        {
            ThrowIfClosed();
            channels = endpoint ?? throw new InvalidOperationException(
                "Data channels are created after the remote description is set (offerer) or the answer is created (answerer): the DTLS role decides stream ids (RFC 8832 section 6).");
        }

        return channels.CreateChannel(label, init);
    }

    /// <summary>Completes when the connection is up (ICE, DTLS and SCTP); throws <see cref="RtcConnectionException"/> if it fails or closes first.</summary>
    public Task WaitForConnectedAsync(CancellationToken cancellationToken = default) => connected.Task.WaitAsync(cancellationToken);

    /// <summary>Closes gracefully: SCTP SHUTDOWN, DTLS close_notify, then the socket.</summary>
    public async Task CloseAsync()
    {
        SctpAssociation? sctp;
        lock (gate)
        {
            if (state == RtcPeerConnectionState.Closed)
            {
                return;
            }

            sctp = association;
            SetState(RtcPeerConnectionState.Closed);
        }

        connected.TrySetException(new RtcConnectionException("The connection was closed."));
        if (sctp is not null && dtls is not null && sctp.State == SctpAssociationState.Established)
        {
            using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            try
            {
                await sctp.ShutdownAsync(shutdownTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The peer did not finish the shutdown in time: the dispose below aborts.
            }
        }

        await TearDownAsync().ConfigureAwait(false);
    }

    /// <inheritdoc cref="CloseAsync"/>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);

        // Both end on their own once the transport is closed; wait so that nothing outlives the connection.
        foreach (var task in new[] { connecting, dtlsReader })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(false);
            }
        }

        datagrams?.Dispose();
        stateEvents.Writer.TryComplete();
        await eventLoop.ConfigureAwait(false);
        closing.Dispose();
    }

    private async Task EnsureGatheredAsync(bool controlling, CancellationToken cancellationToken)
    {
        Task pending;
        lock (gate)
        {
            gathering ??= GatherAsync(controlling, cancellationToken);
            pending = gathering;
        }

        await pending.ConfigureAwait(false);
    }

    private async Task GatherAsync(bool controlling, CancellationToken cancellationToken)
    {
        var (stunServers, turnServers, problems) = await IceServerUri.ResolveAsync(configuration.IceServers, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            iceServerProblems = problems;
        }

        var ice = new IceAgent(
            new IceAgentOptions
            {
                LoopbackOnly = configuration.LoopbackOnly,
                StunServers = stunServers,
                TurnServers = turnServers,
                RelayOnly = configuration.IceTransportPolicy == RtcIceTransportPolicy.Relay,
                AggressiveNomination = configuration.AggressiveNomination,
                ConsentInterval = configuration.ConsentInterval,
                DisconnectedTimeout = configuration.DisconnectedTimeout,
                ConsentTimeout = configuration.FailedTimeout,
                ConnectTimeout = configuration.ConnectTimeout,
            },
            controlling,
            time)
        {
            Trace = Trace,
        };
        lock (gate)
        {
            ThrowIfClosed();
            agent = ice;
            datagrams = new IceDatagramTransport(ice);
        }

        ice.StateChanged += OnIceStateChanged;
        await ice.GatherAsync(cancellationToken).ConfigureAwait(false);
    }

    private SdpDataChannelDescription LocalDescription(DtlsSetupRole setup)
    {
        var ice = agent!;
        return new SdpDataChannelDescription
        {
            IceUfrag = ice.LocalUfrag,
            IcePwd = ice.LocalPassword,
            Fingerprint = certificate.FingerprintValue,
            Setup = setup,
            Mid = remoteDescription?.Mid ?? "0",
            SctpPort = SctpPort,
            MaxMessageSize = configuration.MaxMessageSize,
            Candidates = ice.LocalCandidates.Where(c => c.Type is IceCandidateType.Host or IceCandidateType.ServerReflexive or IceCandidateType.Relayed).ToList(),
            EndOfCandidates = true,
            SessionId = sessionId,
        };
    }

    /// <summary>What <see cref="MaxSendMessageSize"/> promises and what sending enforces: one rule, in one place.</summary>
    private int SendLimit(SdpDataChannelDescription remote)
        => Math.Min(configuration.MaxMessageSize, remote.MaxMessageSize == 0 ? UnlimitedMessageSize : remote.MaxMessageSize);

    private void CreateAssociation(SdpDataChannelDescription remote)
    {
        var options = new SctpAssociationOptions
        {
            LocalPort = SctpPort,
            RemotePort = remote.SctpPort,
            IsDtlsClient = isDtlsClient!.Value,
            MaxMessageSize = SendLimit(remote),
            MaxReceiveMessageSize = configuration.MaxMessageSize,
            MaxPacketSize = SctpMaxPacketSize,
        };
        association = new SctpAssociation(options, SendSctpPacketAsync, time);
        association.Closed += OnAssociationClosed;
        endpoint = new DataChannelEndpoint(association, isDtlsClient.Value);
        endpoint.ChannelOpened += channel => DataChannelOpened?.Invoke(channel);
    }

    /// <summary>SCTP packets go out as DTLS application data (RFC 8261 section 3); before DTLS is up they are lost and retransmitted.</summary>
    private ValueTask SendSctpPacketAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        dtls?.Send(packet.Span);
        return ValueTask.CompletedTask;
    }

    private void StartChecksIfReady()
    {
        IceAgent ice;
        List<IceCandidate> candidates;
        lock (gate)
        {
            if (checksStarted || agent is null || remoteDescription is null || gathering is not { IsCompletedSuccessfully: true })
            {
                return;
            }

            checksStarted = true;
            ice = agent;
            candidates = [.. pendingRemoteCandidates];
            pendingRemoteCandidates.Clear();
            SetState(RtcPeerConnectionState.Connecting);
        }

        ice.SetRemoteCredentials(remoteDescription.IceUfrag, remoteDescription.IcePwd);
        foreach (var candidate in candidates)
        {
            ice.AddRemoteCandidate(candidate);
        }

        ice.StartChecks();
        connecting = Task.Run(() => ConnectAsync(closing.Token));
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(configuration.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await agent!.WaitConnectedAsync(linked.Token).ConfigureAwait(false);
            var connection = await DtlsConnection.HandshakeAsync(datagrams!, isDtlsClient!.Value, certificate, remoteDescription!.Fingerprint, configuration.ConnectTimeout, linked.Token).ConfigureAwait(false);
            lock (gate)
            {
                if (state is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
                {
                    connection.Dispose();
                    return;
                }

                dtls = connection;
            }

            Trace?.Invoke($"DTLS up as {(connection.IsClient ? "client" : "server")}, peer {connection.RemoteFingerprint}");
            dtlsReader = Task.Factory.StartNew(ReadDtls, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await association!.ConnectAsync(linked.Token).ConfigureAwait(false);
            lock (gate)
            {
                if (state == RtcPeerConnectionState.Connecting)
                {
                    SetState(RtcPeerConnectionState.Connected);
                }
            }

            connected.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // closed while connecting
        }
        catch (OperationCanceledException)
        {
            await FailAsync(new RtcConnectionException("The connection was not established within the connect timeout.")).ConfigureAwait(false);
        }
        catch (RtcConnectionException e)
        {
            await FailAsync(e).ConfigureAwait(false);
        }
        catch (SctpAssociationClosedException e)
        {
            await FailAsync(new RtcConnectionException("The SCTP association failed: " + e.Message, e)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // torn down while connecting
        }
    }

    /// <summary>Pumps decrypted DTLS records into SCTP until the DTLS connection ends.</summary>
    private void ReadDtls()
    {
        var connection = dtls!;
        var buffer = new byte[65_536];
        while (!closing.IsCancellationRequested)
        {
            int length;
            try
            {
                length = connection.Receive(buffer, 500);
            }
            catch (IOException e)
            {
                // A fatal alert from the peer or a broken record layer ends the connection.
                Trace?.Invoke("DTLS ended: " + e.Message);
                _ = OnTransportGoneAsync("the DTLS connection ended: " + e.Message);
                return;
            }

            if (length < 0)
            {
                if (datagrams!.IsClosed)
                {
                    // close_notify from the peer (RFC 5246 section 7.2.1) closes the transport below us.
                    _ = OnTransportGoneAsync("the peer closed the DTLS connection");
                    return;
                }

                continue;
            }

            association!.ReceivePacket(buffer.AsSpan(0, length), morePending: datagrams!.HasPending);
        }
    }

    private static RtcIceCandidateType ToPublic(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => RtcIceCandidateType.Host,
        IceCandidateType.ServerReflexive => RtcIceCandidateType.ServerReflexive,
        IceCandidateType.PeerReflexive => RtcIceCandidateType.PeerReflexive,
        _ => RtcIceCandidateType.Relayed,
    };

    private void OnIceStateChanged(IceConnectionState ice)
    {
        lock (gate)
        {
            switch (ice)
            {
                case IceConnectionState.Disconnected when state == RtcPeerConnectionState.Connected:
                    SetState(RtcPeerConnectionState.Disconnected);
                    break;
                case IceConnectionState.Connected when state == RtcPeerConnectionState.Disconnected:
                    SetState(RtcPeerConnectionState.Connected);
                    break;
            }
        }

        if (ice == IceConnectionState.Failed)
        {
            _ = FailAsync(new RtcConnectionException("ICE failed: no path to the peer, or the peer stopped answering consent checks."));
        }
    }

    private void OnAssociationClosed(string reason)
    {
        Trace?.Invoke("SCTP closed: " + reason);
        _ = OnTransportGoneAsync("the SCTP association ended: " + reason);
    }

    private async Task OnTransportGoneAsync(string reason)
    {
        lock (gate)
        {
            if (state is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
            {
                return;
            }

            if (state != RtcPeerConnectionState.Connected && state != RtcPeerConnectionState.Disconnected)
            {
                // Ended before it was ever up: that is a failure to connect.
                Trace?.Invoke("failed: " + reason);
            }

            SetState(state is RtcPeerConnectionState.Connected or RtcPeerConnectionState.Disconnected ? RtcPeerConnectionState.Closed : RtcPeerConnectionState.Failed);
        }

        connected.TrySetException(new RtcConnectionException(reason));
        await TearDownAsync().ConfigureAwait(false);
    }

    private async Task FailAsync(RtcConnectionException error)
    {
        lock (gate)
        {
            if (state is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
            {
                return;
            }

            Trace?.Invoke("failed: " + error.Message);
            SetState(RtcPeerConnectionState.Failed);
        }

        connected.TrySetException(error);
        await TearDownAsync().ConfigureAwait(false);
    }

    private async Task TearDownAsync()
    {
        if (closing.IsCancellationRequested)
        {
            return;
        }

        await closing.CancelAsync().ConfigureAwait(false);
        if (association is not null)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }

        dtls?.Dispose();
        datagrams?.Close();
        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RaiseStateEventsAsync()
    {
        await foreach (var changed in stateEvents.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                ConnectionStateChanged?.Invoke(changed);
            }
#pragma warning disable CA1031 // A subscriber's exception must not stop later notifications.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Trace?.Invoke($"ConnectionStateChanged handler threw {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void SetState(RtcPeerConnectionState next)
    {
        if (state == next)
        {
            return;
        }

        state = next;
        stateEvents.Writer.TryWrite(next);
    }

    private void ThrowIfClosed()
    {
        if (state is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
        {
            throw new InvalidOperationException($"The connection is {state.ToString().ToLowerInvariant()}.");
        }
    }
}
