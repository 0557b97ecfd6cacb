using System.Net;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Turn;

/// <summary>Timings of a TURN client (RFC 8656); the defaults are the RFC's lifetimes with a minute of margin.</summary>
internal sealed record TurnClientOptions
{
    /// <summary>The allocation lifetime asked for (RFC 8656 section 7.2: the server may grant less; 600 s is its default).</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Permissions last 300 s (RFC 8656 section 9) and carry no lifetime attribute: refresh them this often.</summary>
    public TimeSpan PermissionRefreshInterval { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Channel bindings last 600 s (RFC 8656 section 12): refresh them this often.</summary>
    public TimeSpan ChannelRefreshInterval { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>RTO of a request, doubled on every retransmission (RFC 8489 section 6.2.1: 500 ms).</summary>
    public TimeSpan RetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rc, the transmissions of one request before it is given up (RFC 8489 section 6.2.1).</summary>
    public int MaxTransmissions { get; init; } = 7;
}

/// <summary>
/// A TURN client allocation over UDP (RFC 8656): Allocate with the long-term credential's 401/438 nonce dance
/// (RFC 8489 section 9.2), Refresh before the lifetime ends, CreatePermission and ChannelBind for each peer with their
/// refresh timers, and data both ways as Send/Data indications or, once a channel is bound, ChannelData.
/// It sends through the caller's socket (the ICE agent's, so a relayed candidate shares the host candidates' port) and
/// is fed the datagrams that come from the server. Thread-safe; it calls <c>send</c> outside its lock.
/// </summary>
internal sealed class TurnAllocation
{
    /// <summary>RFC 8656 section 18.7: the protocol number of UDP in REQUESTED-TRANSPORT.</summary>
    private const byte UdpProtocol = 17;
    private const int MaxAuthenticationRetries = 3;

    private readonly Lock gate = new();
    private readonly TurnCredentials credentials;
    private readonly Action<byte[], IPEndPoint> send;
    private readonly TurnClientOptions options;
    private readonly Dictionary<string, PendingRequest> pending = [];
    private readonly Dictionary<IPAddress, Grant> permissions = [];
    private readonly Dictionary<IPEndPoint, ChannelBinding> channels = [];
    private readonly Dictionary<ushort, IPEndPoint> channelPeers = [];
    private ushort nextChannel = ChannelData.FirstChannel;
    private string? realm;
    private string? nonce;
    private byte[]? key;
    private DateTimeOffset refreshAt;

    public TurnAllocation(IPEndPoint server, TurnCredentials credentials, Action<byte[], IPEndPoint> send, TurnClientOptions? options = null)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        this.credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        this.send = send ?? throw new ArgumentNullException(nameof(send));
        this.options = options ?? new TurnClientOptions();
    }

    public IPEndPoint Server { get; }

    public TurnAllocationState State { get; private set; } = TurnAllocationState.Allocating;

    /// <summary>Why the allocation failed, in words a user can act on (never the password).</summary>
    public string? Error { get; private set; }

    /// <summary>The relayed transport address (RFC 8656 section 2): what peers send to.</summary>
    public IPEndPoint? RelayedAddress { get; private set; }

    /// <summary>Our address as the server saw it (a server-reflexive address, XOR-MAPPED-ADDRESS of the Allocate response).</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    /// <summary>When the allocation expires unless refreshed.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Successful Refresh transactions so far.</summary>
    public int Refreshes { get; private set; }

    /// <summary>Optional diagnostics; never given a password.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Sends the first Allocate, without credentials: the server's 401 tells the realm and nonce (RFC 8489 section 9.2.3).</summary>
    public void Start(DateTimeOffset now)
    {
        lock (gate)
        {
            SendRequest(NewAllocate(), TurnRequestKind.Allocate, now, authenticate: false);
        }
    }

    /// <summary>The server cannot be reached at all (its TCP connection failed or ended): the allocation fails with <paramref name="reason"/>.</summary>
    public void MarkUnreachable(string reason)
    {
        lock (gate)
        {
            Fail(reason);
        }
    }

    /// <summary>Installs (or keeps) a permission for the peer's address and binds a channel to its address and port.</summary>
    public void AddPeer(IPEndPoint peer, DateTimeOffset now)
    {
        lock (gate)
        {
            if (State != TurnAllocationState.Allocated || channels.ContainsKey(peer) || nextChannel > ChannelData.LastChannel)
            {
                return;
            }

            if (!permissions.ContainsKey(peer.Address))
            {
                permissions[peer.Address] = new Grant { RefreshAt = now + options.PermissionRefreshInterval };
                SendRequest(new StunMessage(StunMethod.CreatePermission, StunClass.Request, StunMessage.NewTransactionId()) { XorPeerAddress = peer }, TurnRequestKind.CreatePermission, now, authenticate: true, peer);
            }

            var binding = new ChannelBinding(nextChannel++) { RefreshAt = now + options.ChannelRefreshInterval };
            channels[peer] = binding;
            channelPeers[binding.Number] = peer;
            SendRequest(NewChannelBind(binding.Number, peer), TurnRequestKind.ChannelBind, now, authenticate: true, peer);
        }
    }

    /// <summary>Sends a datagram to a peer through the relay: ChannelData once its channel is bound, else a Send indication.</summary>
    public void SendToPeer(ReadOnlySpan<byte> payload, IPEndPoint peer)
    {
        byte[] frame;
        lock (gate)
        {
            if (State != TurnAllocationState.Allocated)
            {
                return;
            }

            frame = channels.TryGetValue(peer, out var binding) && binding.Bound
                ? ChannelData.Encode(binding.Number, payload)

                // RFC 8656 section 11.1: indications carry no MESSAGE-INTEGRITY; the server checks the permission.
                : new StunMessage(StunMethod.Send, StunClass.Indication, StunMessage.NewTransactionId()) { XorPeerAddress = peer, Data = payload.ToArray() }.Encode([]);
        }

        send(frame, Server);
    }

    /// <summary>
    /// Handles a datagram from <see cref="Server"/>. For relayed data, <paramref name="peer"/> and <paramref name="payload"/>
    /// say who sent what; a Data indication or ChannelData from a peer we never asked for is ignored (RFC 8656 sections 11.6, 12.6).
    /// </summary>
    public TurnReceiveResult Receive(ReadOnlySpan<byte> datagram, DateTimeOffset now, out IPEndPoint? peer, out byte[]? payload)
    {
        peer = null;
        payload = null;
        if (ChannelData.TryDecode(datagram, out var channel, out var data))
        {
            lock (gate)
            {
                if (!channelPeers.TryGetValue(channel, out peer))
                {
                    return TurnReceiveResult.Ignored;
                }
            }

            payload = data.ToArray();
            return TurnReceiveResult.PeerData;
        }

        if (!StunMessage.TryParse(datagram, out var message, out _))
        {
            return TurnReceiveResult.Ignored;
        }

        if (message!.Method == StunMethod.Data && message.Class == StunClass.Indication)
        {
            if (message.XorPeerAddress is not { } from || message.Data is null)
            {
                return TurnReceiveResult.Ignored;
            }

            peer = from;
            payload = message.Data;
            return TurnReceiveResult.PeerData;
        }

        if (message.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            return TurnReceiveResult.Ignored;
        }

        lock (gate)
        {
            return OnResponse(message, now);
        }
    }

    /// <summary>Retransmits unanswered requests and refreshes the allocation, permissions and channels when due.</summary>
    public TurnReceiveResult Tick(DateTimeOffset now)
    {
        lock (gate)
        {
            var before = State;
            foreach (var (id, request) in pending.ToList())
            {
                if (request.Deadline > now)
                {
                    continue;
                }

                if (request.Transmissions >= options.MaxTransmissions)
                {
                    pending.Remove(id);
                    OnRequestFailed(request, $"TURN server {Server} did not answer {request.Kind}");
                    continue;
                }

                request.Transmissions++;
                request.Timeout *= 2;
                request.Deadline = now + request.Timeout;
                send(request.Packet, Server);
            }

            if (State == TurnAllocationState.Allocated)
            {
                if (now >= ExpiresAt)
                {
                    Fail($"the allocation on TURN server {Server} expired before a refresh succeeded");
                }
                else if (now >= refreshAt && !pending.Values.Any(p => p.Kind == TurnRequestKind.Refresh))
                {
                    refreshAt = ExpiresAt; // the answer sets the next one
                    SendRequest(new StunMessage(StunMethod.Refresh, StunClass.Request, StunMessage.NewTransactionId()) { Lifetime = (uint)options.RequestedLifetime.TotalSeconds }, TurnRequestKind.Refresh, now, authenticate: true);
                }

                RefreshGrants(now);
            }

            return State != before ? TurnReceiveResult.StateChanged : TurnReceiveResult.Handled;
        }
    }

    /// <summary>Deletes the allocation on the server (RFC 8656 section 7.3: Refresh with LIFETIME 0), best effort, no retransmission.</summary>
    public void Release()
    {
        lock (gate)
        {
            if (State != TurnAllocationState.Allocated)
            {
                State = TurnAllocationState.Released;
                return;
            }

            State = TurnAllocationState.Released;
            var request = Authenticate(new StunMessage(StunMethod.Refresh, StunClass.Request, StunMessage.NewTransactionId()) { Lifetime = 0 });
            send(request.Encode(key), Server);
        }
    }

    private void RefreshGrants(DateTimeOffset now)
    {
        foreach (var (address, grant) in permissions)
        {
            // A bound channel's refresh also refreshes its permission (RFC 8656 section 12.2); this covers the rest.
            if (now >= grant.RefreshAt && !grant.InFlight)
            {
                grant.RefreshAt = now + options.PermissionRefreshInterval;
                SendRequest(new StunMessage(StunMethod.CreatePermission, StunClass.Request, StunMessage.NewTransactionId()) { XorPeerAddress = new IPEndPoint(address, 0) }, TurnRequestKind.CreatePermission, now, authenticate: true, new IPEndPoint(address, 0));
            }
        }

        foreach (var (peer, binding) in channels)
        {
            if (now >= binding.RefreshAt && !binding.InFlight)
            {
                binding.RefreshAt = now + options.ChannelRefreshInterval;
                SendRequest(NewChannelBind(binding.Number, peer), TurnRequestKind.ChannelBind, now, authenticate: true, peer);
            }
        }
    }

    private TurnReceiveResult OnResponse(StunMessage response, DateTimeOffset now)
    {
        var id = Convert.ToHexString(response.TransactionId);
        if (!pending.TryGetValue(id, out var request) || response.Method != request.Message.Method)
        {
            return TurnReceiveResult.Ignored;
        }

        var before = State;
        if (response.Class == StunClass.ErrorResponse)
        {
            pending.Remove(id);
            OnError(request, response, now);
            return State != before ? TurnReceiveResult.StateChanged : TurnReceiveResult.Handled;
        }

        // A success response to an authenticated request is signed with the same key (RFC 8489 section 9.2.5).
        if (request.Authenticated && (key is null || !response.HasMessageIntegrity || !response.VerifyIntegrity(key)))
        {
            return TurnReceiveResult.Ignored;
        }

        pending.Remove(id);
        switch (request.Kind)
        {
            case TurnRequestKind.Allocate:
                if (State != TurnAllocationState.Allocating || response.XorRelayedAddress is not { } relayed)
                {
                    return TurnReceiveResult.Handled;
                }

                RelayedAddress = relayed;
                MappedAddress = response.XorMappedAddress;
                SetLifetime(response.Lifetime, now);
                State = TurnAllocationState.Allocated;
                Trace?.Invoke($"TURN allocation on {Server}: relayed {relayed}, lifetime until {ExpiresAt:O}");
                return TurnReceiveResult.StateChanged;
            case TurnRequestKind.Refresh:
                SetLifetime(response.Lifetime, now);
                Refreshes++;
                break;
            case TurnRequestKind.CreatePermission:
                if (permissions.TryGetValue(request.Peer!.Address, out var grant))
                {
                    grant.InFlight = false;
                    grant.Installed = true;
                }

                break;
            case TurnRequestKind.ChannelBind:
                if (channels.TryGetValue(request.Peer!, out var binding))
                {
                    binding.InFlight = false;
                    binding.Bound = true;
                }

                break;
        }

        return TurnReceiveResult.Handled;
    }

    private void OnError(PendingRequest request, StunMessage response, DateTimeOffset now)
    {
        var code = response.ErrorCode ?? 0;

        // RFC 8489 section 9.2.5: 401 to a request without credentials gives realm and nonce; 438 gives a fresh nonce.
        var firstChallenge = code == StunErrorCode.Unauthorized && !request.Authenticated;
        var staleNonce = code == StunErrorCode.StaleNonce && request.Authenticated;
        if ((firstChallenge || staleNonce) && response.Nonce is not null && request.AuthenticationRetries < MaxAuthenticationRetries)
        {
            if (response.Realm is not null && response.Realm != realm)
            {
                realm = response.Realm;
                key = credentials.LongTermKey(realm);
            }

            nonce = response.Nonce;
            if (key is null)
            {
                Fail($"TURN server {Server} asked for credentials without naming a realm");
                return;
            }

            Trace?.Invoke(staleNonce ? $"TURN {request.Kind}: stale nonce, retrying with the new one" : $"TURN {request.Kind}: authenticating in realm {realm}");
            var retry = new StunMessage(request.Message.Method, StunClass.Request, StunMessage.NewTransactionId())
            {
                Lifetime = request.Message.Lifetime,
                RequestedTransport = request.Message.RequestedTransport,
                XorPeerAddress = request.Message.XorPeerAddress,
                ChannelNumber = request.Message.ChannelNumber,
            };
            SendRequest(retry, request.Kind, now, authenticate: true, request.Peer, request.AuthenticationRetries + 1);
            return;
        }

        var reason = code == StunErrorCode.Unauthorized
            ? $"TURN server {Server} rejected the credentials of user '{credentials.Username}' (401 {response.ErrorReason})"
            : $"TURN server {Server} refused {request.Kind}: {code} {response.ErrorReason}";
        OnRequestFailed(request, reason);
    }

    private void OnRequestFailed(PendingRequest request, string reason)
    {
        switch (request.Kind)
        {
            case TurnRequestKind.Allocate:
            case TurnRequestKind.Refresh:
                // A failed refresh means the allocation is gone or going (437, 401): nothing relays any more.
                Fail(reason);
                break;
            case TurnRequestKind.CreatePermission:
                permissions.Remove(request.Peer!.Address);
                Trace?.Invoke(reason);
                break;
            case TurnRequestKind.ChannelBind:
                if (channels.Remove(request.Peer!, out var binding) && !binding.Bound)
                {
                    channelPeers.Remove(binding.Number);
                }
                else if (binding is not null)
                {
                    channels[request.Peer!] = binding; // still bound until it lapses; try again at the next refresh
                    binding.InFlight = false;
                }

                Trace?.Invoke(reason);
                break;
        }
    }

    private void Fail(string reason)
    {
        if (State is TurnAllocationState.Failed or TurnAllocationState.Released)
        {
            return;
        }

        State = TurnAllocationState.Failed;
        Error = reason;
        pending.Clear();
        Trace?.Invoke("TURN allocation failed: " + reason);
    }

    private void SetLifetime(uint? lifetime, DateTimeOffset now)
    {
        var granted = TimeSpan.FromSeconds(lifetime ?? 600);
        ExpiresAt = now + granted;

        // Refresh with a margin: a minute before the end, or halfway through a short lifetime.
        refreshAt = now + (granted > TimeSpan.FromMinutes(2) ? granted - TimeSpan.FromMinutes(1) : granted / 2);
    }

    private StunMessage NewAllocate()
        => new(StunMethod.Allocate, StunClass.Request, StunMessage.NewTransactionId()) { RequestedTransport = UdpProtocol, Lifetime = (uint)options.RequestedLifetime.TotalSeconds };

    private static StunMessage NewChannelBind(ushort channel, IPEndPoint peer)
        => new(StunMethod.ChannelBind, StunClass.Request, StunMessage.NewTransactionId()) { ChannelNumber = channel, XorPeerAddress = peer };

    private StunMessage Authenticate(StunMessage message)
    {
        message.Username = credentials.Username;
        message.Realm = realm;
        message.Nonce = nonce;
        return message;
    }

    private void SendRequest(StunMessage message, TurnRequestKind kind, DateTimeOffset now, bool authenticate, IPEndPoint? peer = null, int authenticationRetries = 0)
    {
        if (authenticate && key is null)
        {
            return; // not allocated yet: nothing to authenticate with
        }

        if (authenticate)
        {
            Authenticate(message);
        }

        if (kind == TurnRequestKind.CreatePermission && permissions.TryGetValue(peer!.Address, out var grant))
        {
            grant.InFlight = true;
        }
        else if (kind == TurnRequestKind.ChannelBind && channels.TryGetValue(peer!, out var binding))
        {
            binding.InFlight = true;
        }

        var packet = message.Encode(authenticate ? key : []);
        pending[Convert.ToHexString(message.TransactionId)] = new PendingRequest(kind, message, packet, authenticate, peer, authenticationRetries)
        {
            Timeout = options.RetransmissionTimeout,
            Deadline = now + options.RetransmissionTimeout,
        };
        send(packet, Server);
    }

    private enum TurnRequestKind
    {
        Allocate,
        Refresh,
        CreatePermission,
        ChannelBind,
    }

    private sealed record PendingRequest(TurnRequestKind Kind, StunMessage Message, byte[] Packet, bool Authenticated, IPEndPoint? Peer, int AuthenticationRetries)
    {
        public int Transmissions { get; set; } = 1;

        public TimeSpan Timeout { get; set; }

        public DateTimeOffset Deadline { get; set; }
    }

    private sealed class Grant
    {
        public DateTimeOffset RefreshAt { get; set; }

        public bool Installed { get; set; }

        public bool InFlight { get; set; }
    }

    private sealed class ChannelBinding(ushort number)
    {
        public ushort Number { get; } = number;

        public DateTimeOffset RefreshAt { get; set; }

        public bool Bound { get; set; }

        public bool InFlight { get; set; }
    }
}
