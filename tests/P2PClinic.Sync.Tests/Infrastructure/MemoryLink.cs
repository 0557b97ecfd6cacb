using System.Threading.Channels;
using P2PClinic.Sdk.Transport;

namespace P2PClinic.Sync.Tests.Infrastructure;

/// <summary>
/// One end of an in-memory link: a reliable, ordered message channel like a data channel, recording every message it
/// sent, with a hook that may alter, drop, duplicate or reorder messages in flight (an attacker on the wire).
/// </summary>
internal sealed class MemoryLink : IPeerLink
{
    private readonly Channel<ReadOnlyMemory<byte>> _inbox = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private readonly TaskCompletionSource<PeerLinkClosure> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<byte[]> _sent = [];
    private MemoryLink? _other;

    private MemoryLink(string remotePeerId, ChannelBinding binding, int maxMessageSize)
    {
        RemotePeerId = remotePeerId;
        ChannelBinding = binding;
        MaxMessageSize = maxMessageSize;
    }

    public string RemotePeerId { get; }

    public ChannelBinding ChannelBinding { get; }

    public int MaxMessageSize { get; }

    public Task<PeerLinkClosure> Completion => _completion.Task;

    /// <summary>Decides what of each sent message reaches the other end (default: the message itself).</summary>
    public Func<byte[], IEnumerable<byte[]>> InFlight { get; set; } = m => [m];

    /// <summary>Every message this end sent, in order.</summary>
    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>A link between peer ids <paramref name="a"/> and <paramref name="b"/> whose ends hold the given certificates.</summary>
    public static (MemoryLink AtA, MemoryLink AtB) Pair(string a, string b, string fingerprintA = "sha-256 AA", string fingerprintB = "sha-256 BB", int maxMessageSize = 16 * 1024)
    {
        var atA = new MemoryLink(b, new ChannelBinding(fingerprintA, fingerprintB), maxMessageSize);
        var atB = new MemoryLink(a, new ChannelBinding(fingerprintB, fingerprintA), maxMessageSize);
        atA._other = atB;
        atB._other = atA;
        return (atA, atB);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(message));
        }

        if (_completion.Task.IsCompleted)
        {
            throw new PeerLinkClosedException(_completion.Task.Result);
        }

        var copy = message.ToArray();
        lock (_sent)
        {
            _sent.Add(copy);
        }

        foreach (var delivered in InFlight(copy))
        {
            _other!.Deliver(delivered);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await _inbox.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_inbox.Reader.TryRead(out var message))
            {
                return message;
            }
        }

        throw new PeerLinkClosedException(await _completion.Task);
    }

    public ValueTask DisposeAsync()
    {
        End(PeerLinkCloseReason.ClosedLocally);
        _other?.End(PeerLinkCloseReason.ClosedByPeer);
        return ValueTask.CompletedTask;
    }

    private void Deliver(byte[] message) => _inbox.Writer.TryWrite(message);

    private void End(PeerLinkCloseReason reason)
    {
        if (_completion.TrySetResult(new PeerLinkClosure(reason, "")))
        {
            _inbox.Writer.TryComplete();
        }
    }
}
