using System.Text.Json;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>One client's awareness state (cursor, user name...) at a clock.</summary>
/// <param name="ClientId">The client the state belongs to.</param>
/// <param name="Clock">Increases with every change of the client's state; the higher clock wins.</param>
/// <param name="StateJson">The state as JSON text; "null" when the client went offline.</param>
public sealed record AwarenessEntry(uint ClientId, long Clock, string StateJson)
{
    /// <summary>Whether this entry says the client is gone (its state is JSON null).</summary>
    public bool IsRemoval => StateJson == "null";
}

/// <summary>
/// y-protocols awareness updates (awareness.js encodeAwarenessUpdate): varUint count, then per
/// client varUint id, varUint clock and varString JSON state; framed as y-websocket frames them,
/// varUint message type 1 then the update as a varUint8Array.
/// </summary>
public static class AwarenessProtocol
{
    /// <summary>The outer message type of awareness messages (y-websocket messageAwareness).</summary>
    public const int MessageType = 1;

    /// <summary>The awareness update bytes (without the message framing).</summary>
    public static byte[] EncodeUpdate(IReadOnlyList<AwarenessEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var writer = new Lib0Writer();
        WriteUpdate(writer, entries);
        return writer.ToArray();
    }

    /// <summary>Decodes awareness update bytes; malformed input throws <see cref="CrdtFormatException"/>.</summary>
    public static IReadOnlyList<AwarenessEntry> DecodeUpdate(ReadOnlySpan<byte> update)
    {
        var reader = new Lib0Reader(update.ToArray());
        var entries = ReadUpdate(reader);
        RequireEnd(reader);
        return entries;
    }

    /// <summary>A framed awareness message: type 1 and the update as a varUint8Array.</summary>
    public static byte[] EncodeMessage(IReadOnlyList<AwarenessEntry> entries)
    {
        var update = EncodeUpdate(entries);
        using var writer = new Lib0Writer(update.Length + 8);
        writer.WriteVarUint(MessageType);
        writer.WriteVarUint8Array(update);
        return writer.ToArray();
    }

    /// <summary>Decodes a framed awareness message.</summary>
    public static IReadOnlyList<AwarenessEntry> DecodeMessage(ReadOnlySpan<byte> message)
    {
        var reader = new Lib0Reader(message.ToArray());
        var type = reader.ReadVarUint();
        if (type != MessageType)
        {
            throw new CrdtFormatException($"Message type {type} is not an awareness message (1).");
        }

        var update = reader.ReadVarUint8Array();
        RequireEnd(reader);
        return DecodeUpdate(update);
    }

    private static void WriteUpdate(Lib0Writer writer, IReadOnlyList<AwarenessEntry> entries)
    {
        writer.WriteVarUint((uint)entries.Count);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            if (entry.Clock < 0 || (ulong)entry.Clock > Lib0Reader.MaxSafeInteger)
            {
                throw new ArgumentOutOfRangeException(nameof(entries), entry.Clock, "An awareness clock must be between 0 and 2^53-1.");
            }

            writer.WriteVarUint(entry.ClientId);
            writer.WriteVarUint((ulong)entry.Clock);
            writer.WriteVarString(entry.StateJson);
        }
    }

    private static List<AwarenessEntry> ReadUpdate(Lib0Reader reader)
    {
        var count = reader.ReadCount("awareness entry count");
        var entries = new List<AwarenessEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadClient();
            var clock = reader.ReadClock();
            var json = reader.ReadVarString();
            try
            {
                using var parsed = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw new CrdtFormatException($"The awareness state of client {client} is not JSON.", e);
            }

            entries.Add(new AwarenessEntry(client, clock, json));
        }

        return entries;
    }

    private static void RequireEnd(Lib0Reader reader)
    {
        if (reader.HasContent)
        {
            throw new CrdtFormatException($"{reader.Remaining} bytes follow the awareness message.");
        }
    }
}
