using System.Threading.Channels;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Links;

/// <summary>
/// Buffers a data channel's messages from the moment the channel is created: the peer may send as soon as its own
/// end is open, before this end has finished connecting, and the stack raises each message only once. What it holds
/// is bounded: a peer that sends faster than the node reads beyond <see cref="MaxBufferedBytes"/> overruns it, and
/// the link ends (the stack hands messages over as they arrive, so the bound cannot push back on the sender).
/// </summary>
internal sealed class DataChannelInbox
{
    /// <summary>Twice the sync protocol's largest message (docs/protocol.md): an honest reader never comes near it.</summary>
    public const long MaxBufferedBytes = 128L * 1024 * 1024;

    private readonly Channel<ReadOnlyMemory<byte>> messages = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleWriter = true });
    private long buffered;

    public DataChannelInbox(RtcDataChannel channel)
    {
        DataChannel = channel;
        channel.MessageReceived += OnMessage;
    }

    public RtcDataChannel DataChannel { get; }

    /// <summary>Raised once when the peer overran the buffer; the link ends.</summary>
    public event Action? Overrun;

    /// <summary>Bytes received and not yet taken.</summary>
    public long BufferedBytes => Interlocked.Read(ref buffered);

    /// <summary>Takes the next message, waiting for one; false once completed and empty.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Message)> TakeAsync(CancellationToken cancellationToken)
    {
        while (await messages.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (messages.Reader.TryRead(out var message))
            {
                Interlocked.Add(ref buffered, -message.Length);
                return (true, message);
            }
        }

        return (false, default);
    }

    /// <summary>No more messages will be added; those buffered can still be read.</summary>
    public void Complete() => messages.Writer.TryComplete();

    // The stack may reuse its buffer after the event: keep a copy that belongs to the reader.
    private void OnMessage(RtcDataChannelMessage message)
    {
        if (Interlocked.Add(ref buffered, message.Data.Length) > MaxBufferedBytes)
        {
            if (messages.Writer.TryComplete())
            {
                Overrun?.Invoke();
            }

            return;
        }

        messages.Writer.TryWrite(message.Data.ToArray());
    }
}
