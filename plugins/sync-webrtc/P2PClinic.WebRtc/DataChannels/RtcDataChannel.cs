using System.Text;
using P2PClinic.WebRtc.DataChannels.Internal;

namespace P2PClinic.WebRtc;

/// <summary>
/// A WebRTC data channel (RFC 8831): a bidirectional stream of string and binary messages on one
/// SCTP stream pair. Events are raised on the connection's delivery loop, one at a time, in order.
/// </summary>
public sealed class RtcDataChannel
{
    private readonly DataChannelEndpoint _endpoint;

    internal RtcDataChannel(DataChannelEndpoint endpoint, string label, string protocol, ushort id, bool ordered, bool negotiated)
    {
        _endpoint = endpoint;
        Label = label;
        Protocol = protocol;
        Id = id;
        Ordered = ordered;
        Negotiated = negotiated;
    }

    /// <summary>The channel's label, as given by the peer that created it.</summary>
    public string Label { get; }

    /// <summary>The sub-protocol name (may be empty).</summary>
    public string Protocol { get; }

    /// <summary>The SCTP stream id carrying the channel.</summary>
    public ushort? Id { get; }

    /// <summary>Whether messages are delivered in the order they were sent.</summary>
    public bool Ordered { get; }

    /// <summary>True for a pre-negotiated channel (created on both sides with the same id, no DCEP handshake).</summary>
    public bool Negotiated { get; }

    /// <summary>The current state.</summary>
    public RtcDataChannelState State { get; internal set; }

    /// <summary>Bytes of sent messages not yet handed to the network.</summary>
    public long BufferedAmount => _endpoint.GetBufferedAmount(this);

    /// <summary>The channel became open.</summary>
    public event Action? Opened;

    /// <summary>A message arrived.</summary>
    public event Action<RtcDataChannelMessage>? MessageReceived;

    /// <summary>The channel closed (locally, by the peer, or because the connection ended).</summary>
    public event Action? Closed;

    /// <summary>Sends a string (UTF-8, PPID 51; an empty string goes as PPID 56).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The message is larger than the peer's max-message-size.</exception>
    public ValueTask SendAsync(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0
            ? _endpoint.SendAsync(this, PayloadProtocol.StringEmpty, ReadOnlyMemory<byte>.Empty, ct)
            : _endpoint.SendAsync(this, PayloadProtocol.String, Encoding.UTF8.GetBytes(text), ct);
    }

    /// <summary>Sends binary data (PPID 53; empty data goes as PPID 57).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The message is larger than the peer's max-message-size.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
        => data.IsEmpty
            ? _endpoint.SendAsync(this, PayloadProtocol.BinaryEmpty, ReadOnlyMemory<byte>.Empty, ct)
            : _endpoint.SendAsync(this, PayloadProtocol.Binary, data, ct);

    /// <summary>Closes the channel: queued messages are still delivered, then the stream is reset (RFC 8831 section 6.7).</summary>
    public void Close() => _endpoint.Close(this);

    /// <inheritdoc />
    public override string ToString() => $"data channel '{Label}' (stream {Id}, {State})";

    internal void RaiseOpened() => Opened?.Invoke();

    internal void RaiseMessage(RtcDataChannelMessage message) => MessageReceived?.Invoke(message);

    internal void RaiseClosed() => Closed?.Invoke();
}
