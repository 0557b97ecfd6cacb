using System.Threading.Channels;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Links;

/// <summary>
/// Buffers a data channel's messages from the moment the channel is created: the peer may send as soon as its own
/// end is open, before this end has finished connecting, and the stack raises each message only once.
/// </summary>
internal sealed class DataChannelInbox
{
    private readonly Channel<ReadOnlyMemory<byte>> messages = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleWriter = true });

    public DataChannelInbox(RtcDataChannel channel)
    {
        DataChannel = channel;
        channel.MessageReceived += OnMessage;
    }

    public RtcDataChannel DataChannel { get; }

    public ChannelReader<ReadOnlyMemory<byte>> Reader => messages.Reader;

    /// <summary>No more messages will be added; those buffered can still be read.</summary>
    public void Complete() => messages.Writer.TryComplete();

    // The stack may reuse its buffer after the event: keep a copy that belongs to the reader.
    private void OnMessage(RtcDataChannelMessage message) => messages.Writer.TryWrite(message.Data.ToArray());
}
