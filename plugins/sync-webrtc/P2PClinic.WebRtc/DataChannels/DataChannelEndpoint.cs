using P2PClinic.WebRtc.DataChannels.Internal;
using P2PClinic.WebRtc.Sctp;

namespace P2PClinic.WebRtc;

/// <summary>
/// The data channels of one SCTP association (RFC 8831) with the DCEP handshake (RFC 8832): creates
/// local channels, answers the peer's DATA_CHANNEL_OPEN, maps PPIDs to string/binary messages and
/// closes channels by resetting both directions of their stream.
/// </summary>
internal sealed class DataChannelEndpoint
{
    /// <summary>The single byte a DCEP acknowledgement consists of (RFC 8832 section 5.2).</summary>
    private static readonly byte[] AckMessage = [(byte)DcepMessageType.Ack];

    /// <summary>Stands in for empty user messages (RFC 8831 section 6.6); the receiver ignores it.</summary>
    private static readonly byte[] EmptyMessagePlaceholder = [0];

    private readonly Lock _gate = new();
    private readonly SctpAssociation _association;
    private readonly bool _isDtlsClient;
    private readonly Dictionary<ushort, ChannelEntry> _channels = [];
    private bool _established;
    private bool _closed;

    public DataChannelEndpoint(SctpAssociation association, bool isDtlsClient)
    {
        ArgumentNullException.ThrowIfNull(association);
        _association = association;
        _isDtlsClient = isDtlsClient;
        association.Established += OnEstablished;
        association.MessageReceived += OnMessage;
        association.IncomingStreamReset += OnIncomingStreamReset;
        association.OutgoingStreamReset += OnOutgoingStreamReset;
        association.Closed += OnAssociationClosed;
    }

    /// <summary>The peer opened a channel with DCEP. Raised before the channel's own <see cref="RtcDataChannel.Opened"/>.</summary>
    public event Action<RtcDataChannel>? ChannelOpened;

    /// <summary>
    /// Creates a channel. Without <see cref="RtcDataChannelInit.Id"/> it takes the lowest free stream id of
    /// our parity (even for the DTLS client, odd for the server: RFC 8832 section 6) and sends a DCEP OPEN;
    /// with an id it is pre-negotiated and opens with the association.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is taken, no id is left, or the association is closed.</exception>
    /// <exception cref="ArgumentException">The label or protocol is longer than 65535 UTF-8 bytes, or the id is 65535.</exception>
    public RtcDataChannel CreateChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new RtcDataChannelInit();
        ArgumentNullException.ThrowIfNull(init.Protocol);
        if (System.Text.Encoding.UTF8.GetByteCount(label) > DcepOpen.MaxFieldBytes || System.Text.Encoding.UTF8.GetByteCount(init.Protocol) > DcepOpen.MaxFieldBytes)
        {
            throw new ArgumentException("A data channel label or protocol is limited to 65535 UTF-8 bytes (RFC 8832 section 5.1).", nameof(label));
        }

        if (init.Id == ushort.MaxValue)
        {
            throw new ArgumentException("Stream id 65535 is reserved (RFC 8832 section 6).", nameof(init));
        }

        RtcDataChannel channel;
        bool openNow;
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("The connection is closed; no data channel can be created.");
            }

            ushort id;
            if (init.Id is { } requested)
            {
                if (_channels.ContainsKey(requested))
                {
                    throw new InvalidOperationException($"Stream id {requested} is already used by a data channel.");
                }

                id = requested;
            }
            else
            {
                id = AllocateId();
            }

            channel = new RtcDataChannel(this, label, init.Protocol, id, init.Ordered, negotiated: init.Id is not null);
            _channels[id] = new ChannelEntry(channel) { AwaitingAck = init.Id is null };
            openNow = init.Id is not null && _established;
        }

        if (init.Id is null)
        {
            var open = new DcepOpen(init.Ordered ? DcepOpen.ReliableOrdered : DcepOpen.ReliableUnordered, 0, 0, label, init.Protocol);
            Observe(_association.SendAsync(channel.Id!.Value, PayloadProtocol.Dcep, unordered: false, open.Encode(), CancellationToken.None));
        }
        else if (openNow)
        {
            _association.Post(() => Open(channel));
        }

        return channel;
    }

    internal long GetBufferedAmount(RtcDataChannel channel) => _association.GetBufferedAmount(channel.Id!.Value);

    internal ValueTask SendAsync(RtcDataChannel channel, uint ppid, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var state = channel.State;
        if (state != RtcDataChannelState.Open)
        {
            throw new InvalidOperationException($"Cannot send on {channel}: it is not open.");
        }

        if (data.IsEmpty)
        {
            data = EmptyMessagePlaceholder;
        }

        return _association.SendAsync(channel.Id!.Value, ppid, unordered: !channel.Ordered, data, ct);
    }

    internal void Close(RtcDataChannel channel)
    {
        lock (_gate)
        {
            if (channel.State is RtcDataChannelState.Closing or RtcDataChannelState.Closed || !_channels.ContainsKey(channel.Id!.Value))
            {
                return;
            }

            channel.State = RtcDataChannelState.Closing;
        }

        _association.ResetStream(channel.Id!.Value);
    }

    private ushort AllocateId()
    {
        // RFC 8832 section 6: the DTLS client uses even ids, the server odd ones, so both can open at once.
        for (int id = _isDtlsClient ? 0 : 1; id < ushort.MaxValue; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("Every stream id of this side is in use.");
    }

    private void OnEstablished()
    {
        List<RtcDataChannel> opened = [];
        lock (_gate)
        {
            _established = true;
            foreach (var entry in _channels.Values)
            {
                if (entry.Channel.Negotiated && entry.Channel.State == RtcDataChannelState.Connecting)
                {
                    opened.Add(entry.Channel);
                }
            }
        }

        foreach (var channel in opened)
        {
            Open(channel);
        }
    }

    private void Open(RtcDataChannel channel)
    {
        lock (_gate)
        {
            if (channel.State != RtcDataChannelState.Connecting)
            {
                return;
            }

            channel.State = RtcDataChannelState.Open;
        }

        channel.RaiseOpened();
    }

    private void OnMessage(SctpMessage message)
    {
        if (message.Ppid == PayloadProtocol.Dcep)
        {
            OnDcep(message.StreamId, message.Payload.Span);
            return;
        }

        bool isText;
        var data = message.Payload;
        switch (message.Ppid)
        {
            case PayloadProtocol.String:
                isText = true;
                break;
            case PayloadProtocol.Binary:
                isText = false;
                break;
            case PayloadProtocol.StringEmpty:
                isText = true;
                data = ReadOnlyMemory<byte>.Empty;
                break;
            case PayloadProtocol.BinaryEmpty:
                isText = false;
                data = ReadOnlyMemory<byte>.Empty;
                break;
            default:
                // Deprecated partial PPIDs (52, 54) and unknown ones carry nothing we can deliver.
                return;
        }

        RtcDataChannel channel;
        var implicitAck = false;
        lock (_gate)
        {
            if (!_channels.TryGetValue(message.StreamId, out var entry) || entry.Channel.State is RtcDataChannelState.Closed)
            {
                return;
            }

            channel = entry.Channel;
            if (entry.AwaitingAck)
            {
                // RFC 8832 section 6: user data on a channel awaiting its ACK counts as the ACK.
                entry.AwaitingAck = false;
                implicitAck = true;
            }
        }

        if (implicitAck)
        {
            Open(channel);
        }

        channel.RaiseMessage(new RtcDataChannelMessage(isText, data));
    }

    private void OnDcep(ushort streamId, ReadOnlySpan<byte> message)
    {
        if (message.Length == 1 && message[0] == (byte)DcepMessageType.Ack)
        {
            RtcDataChannel? acked = null;
            lock (_gate)
            {
                if (_channels.TryGetValue(streamId, out var entry) && entry.AwaitingAck)
                {
                    entry.AwaitingAck = false;
                    acked = entry.Channel;
                }
            }

            if (acked is not null)
            {
                Open(acked);
            }

            return;
        }

        if (!DcepOpen.TryParse(message, out var open))
        {
            return;
        }

        RtcDataChannel channel;
        lock (_gate)
        {
            // An OPEN for a stream in use (a peer ignoring the id parity rule) is dropped.
            if (_closed || _channels.ContainsKey(streamId))
            {
                return;
            }

            channel = new RtcDataChannel(this, open!.Label, open.Protocol, streamId, open.Ordered, negotiated: false)
            {
                State = RtcDataChannelState.Open,
            };
            _channels[streamId] = new ChannelEntry(channel);
        }

        Observe(_association.SendAsync(streamId, PayloadProtocol.Dcep, unordered: false, AckMessage, CancellationToken.None));
        ChannelOpened?.Invoke(channel);
        channel.RaiseOpened();
    }

    private void OnIncomingStreamReset(ushort streamId)
    {
        RtcDataChannel? closed;
        var resetOurs = false;
        lock (_gate)
        {
            if (!_channels.TryGetValue(streamId, out var entry))
            {
                return;
            }

            entry.RemoteReset = true;
            if (entry.Channel.State is RtcDataChannelState.Connecting or RtcDataChannelState.Open)
            {
                // RFC 8831 section 6.7: the peer closed; reset our direction too.
                entry.Channel.State = RtcDataChannelState.Closing;
                resetOurs = true;
            }

            closed = TryFinishCloseLocked(streamId, entry);
        }

        if (resetOurs)
        {
            _association.ResetStream(streamId);
        }

        closed?.RaiseClosed();
    }

    private void OnOutgoingStreamReset(ushort streamId)
    {
        RtcDataChannel? closed;
        lock (_gate)
        {
            if (!_channels.TryGetValue(streamId, out var entry))
            {
                return;
            }

            entry.LocalReset = true;
            closed = TryFinishCloseLocked(streamId, entry);
        }

        closed?.RaiseClosed();
    }

    /// <summary>A channel is closed, and its id free again, once both directions of its stream are reset.</summary>
    private RtcDataChannel? TryFinishCloseLocked(ushort streamId, ChannelEntry entry)
    {
        if (!entry.LocalReset || (!entry.RemoteReset && _association.PeerSupportsStreamReset))
        {
            return null;
        }

        _channels.Remove(streamId);
        entry.Channel.State = RtcDataChannelState.Closed;
        return entry.Channel;
    }

    private void OnAssociationClosed(string reason)
    {
        List<RtcDataChannel> closed;
        lock (_gate)
        {
            _closed = true;
            closed = [.. _channels.Values.Select(e => e.Channel)];
            _channels.Clear();
            foreach (var channel in closed)
            {
                channel.State = RtcDataChannelState.Closed;
            }
        }

        foreach (var channel in closed)
        {
            channel.RaiseClosed();
        }
    }

    private static void Observe(ValueTask send)
    {
        // Control messages are tiny and queued at once; a failure means the association closed,
        // which closes the channels through OnAssociationClosed.
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        _ = send.AsTask().ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private sealed class ChannelEntry(RtcDataChannel channel)
    {
        public RtcDataChannel Channel { get; } = channel;

        public bool AwaitingAck { get; set; }

        public bool LocalReset { get; set; }

        public bool RemoteReset { get; set; }
    }
}
