using P2PClinic.Crdt.Internal;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>The three sync message kinds of y-protocols/sync.js.</summary>
public enum SyncMessageType
{
    /// <summary>"Here is my state vector; send me what I lack."</summary>
    SyncStep1 = 0,

    /// <summary>The answer to step 1: an update with what the asker lacks.</summary>
    SyncStep2 = 1,

    /// <summary>An incremental update, sent as changes happen.</summary>
    Update = 2,
}

/// <summary>A decoded sync message: its kind and payload (a state vector for step 1, an update v1 otherwise).</summary>
/// <param name="Type">The kind of message.</param>
/// <param name="Payload">The state vector or update bytes.</param>
public sealed record SyncMessage(SyncMessageType Type, byte[] Payload);

/// <summary>
/// y-protocols sync messages, framed as y-websocket frames them: varUint message type 0 (sync),
/// varUint sync type, varUint8Array payload.
/// </summary>
public static class SyncProtocol
{
    /// <summary>The outer message type of sync messages (y-websocket messageSync).</summary>
    public const int MessageType = 0;

    /// <summary>Step 1 carrying <paramref name="stateVector"/>.</summary>
    public static byte[] EncodeSyncStep1(ReadOnlySpan<byte> stateVector) => Encode(SyncMessageType.SyncStep1, stateVector);

    /// <summary>Step 1 carrying the state vector of <paramref name="doc"/>.</summary>
    public static byte[] EncodeSyncStep1(Doc doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return EncodeSyncStep1(doc.EncodeStateVector());
    }

    /// <summary>Step 2 carrying <paramref name="update"/>.</summary>
    public static byte[] EncodeSyncStep2(ReadOnlySpan<byte> update) => Encode(SyncMessageType.SyncStep2, update);

    /// <summary>Step 2 with what a peer at <paramref name="remoteStateVector"/> lacks from <paramref name="doc"/>.</summary>
    public static byte[] EncodeSyncStep2(Doc doc, ReadOnlySpan<byte> remoteStateVector)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return EncodeSyncStep2(doc.EncodeStateAsUpdate(remoteStateVector));
    }

    /// <summary>An update message carrying <paramref name="update"/>.</summary>
    public static byte[] EncodeUpdate(ReadOnlySpan<byte> update) => Encode(SyncMessageType.Update, update);

    /// <summary>Decodes a sync message; anything malformed, including trailing bytes, throws <see cref="CrdtFormatException"/>.</summary>
    public static SyncMessage Decode(ReadOnlySpan<byte> message)
    {
        var reader = new Lib0Reader(message.ToArray());
        var outer = reader.ReadVarUint();
        if (outer != MessageType)
        {
            throw new CrdtFormatException($"Message type {outer} is not a sync message (0).");
        }

        var type = reader.ReadVarUint();
        if (type > (ulong)SyncMessageType.Update)
        {
            throw new CrdtFormatException($"Unknown sync message type {type}.");
        }

        var payload = reader.ReadVarUint8Array();
        if (reader.HasContent)
        {
            throw new CrdtFormatException($"{reader.Remaining} bytes follow the sync message.");
        }

        return new SyncMessage((SyncMessageType)type, payload);
    }

    /// <summary>
    /// Handles a received sync message as y-protocols readSyncMessage does: step 1 is answered
    /// with step 2 (returned), step 2 and updates are applied to <paramref name="doc"/> with
    /// <paramref name="origin"/>. Returns null when there is nothing to send back.
    /// </summary>
    public static byte[]? Handle(Doc doc, ReadOnlySpan<byte> message, object? origin = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var decoded = Decode(message);
        switch (decoded.Type)
        {
            case SyncMessageType.SyncStep1:
                // Validate the state vector before answering with it.
                StateVectorCodec.Decode(decoded.Payload);
                return EncodeSyncStep2(doc, decoded.Payload);
            default:
                doc.ApplyUpdate(decoded.Payload, origin);
                return null;
        }
    }

    private static byte[] Encode(SyncMessageType type, ReadOnlySpan<byte> payload)
    {
        using var writer = new Lib0Writer(payload.Length + 12);
        writer.WriteVarUint(MessageType);
        writer.WriteVarUint((uint)type);
        writer.WriteVarUint8Array(payload);
        return writer.ToArray();
    }
}
