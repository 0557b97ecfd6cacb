namespace P2PClinic.Sync.Protocol;

/// <summary>
/// Joins the pieces of a sealed message (MessagePart* then MessageFinal) and bounds what it holds, so a peer,
/// authenticated or not, cannot make the node buffer without limit.
/// </summary>
internal sealed class MessageReassembler
{
    private readonly int _maxMessageBytes;
    private readonly List<byte[]> _parts = [];
    private long _buffered;

    public MessageReassembler(int maxMessageBytes)
    {
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Adds a piece; returns the whole message once its final piece arrived.</summary>
    /// <exception cref="SyncProtocolException">The message would exceed the bound.</exception>
    public byte[]? Add(FrameKind kind, byte[] piece)
    {
        _buffered += piece.Length;
        if (_buffered > _maxMessageBytes)
        {
            throw new SyncProtocolException($"a message exceeds the {_maxMessageBytes}-byte bound");
        }

        if (kind == FrameKind.MessagePart)
        {
            _parts.Add(piece);
            return null;
        }

        if (_parts.Count == 0)
        {
            _buffered = 0;
            return piece;
        }

        var whole = new byte[_buffered];
        var at = 0;
        foreach (var part in _parts)
        {
            part.CopyTo(whole, at);
            at += part.Length;
        }

        piece.CopyTo(whole, at);
        _parts.Clear();
        _buffered = 0;
        return whole;
    }

    /// <summary>Splits a message into pieces of at most <paramref name="maxPiece"/> bytes: all but the last are parts.</summary>
    public static IEnumerable<(FrameKind Kind, ReadOnlyMemory<byte> Piece)> Split(ReadOnlyMemory<byte> message, int maxPiece)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPiece, 1);
        var at = 0;
        while (message.Length - at > maxPiece)
        {
            yield return (FrameKind.MessagePart, message.Slice(at, maxPiece));
            at += maxPiece;
        }

        yield return (FrameKind.MessageFinal, message[at..]);
    }
}
