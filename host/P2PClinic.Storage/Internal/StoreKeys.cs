using System.Buffers.Binary;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// Key layouts. Org ids are written big-endian (RFC 9562 byte order) so all keys of an org share a
/// 16-byte prefix; sequence numbers are big-endian so RocksDB's bytewise order is numeric order.
/// </summary>
internal static class StoreKeys
{
    public const int OrgIdLength = 16;
    public const int UpdateKeyLength = OrgIdLength + sizeof(long);

    /// <summary>The key of an org in the column families holding one record per org.</summary>
    public static byte[] Org(Guid orgId)
    {
        var key = new byte[OrgIdLength];
        orgId.TryWriteBytes(key, bigEndian: true, out _);
        return key;
    }

    /// <summary>
    /// The exclusive end of an org's single key: every per-org key is exactly 16 bytes, so
    /// [org, org + 0x00) holds that org and nothing else.
    /// </summary>
    public static byte[] OrgEnd(Guid orgId)
    {
        var key = new byte[OrgIdLength + 1];
        orgId.TryWriteBytes(key, bigEndian: true, out _);
        return key;
    }

    public static Guid ReadOrg(ReadOnlySpan<byte> key)
    {
        if (key.Length < OrgIdLength)
        {
            throw new StoreCorruptionException($"A store key of {key.Length} bytes is too short to hold an org id.");
        }

        return new Guid(key[..OrgIdLength], bigEndian: true);
    }

    public static byte[] Update(Guid orgId, long sequence)
    {
        var key = new byte[UpdateKeyLength];
        orgId.TryWriteBytes(key, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(OrgIdLength), sequence);
        return key;
    }

    /// <summary>
    /// The exclusive upper bound of an org's update keys: sequence numbers are non-negative longs,
    /// so no key of the org reaches 0xFF.. in its sequence bytes.
    /// </summary>
    public static byte[] UpdatesEnd(Guid orgId)
    {
        var key = new byte[UpdateKeyLength];
        orgId.TryWriteBytes(key, bigEndian: true, out _);
        key.AsSpan(OrgIdLength).Fill(0xFF);
        return key;
    }

    public static long ReadSequence(ReadOnlySpan<byte> key)
    {
        if (key.Length != UpdateKeyLength)
        {
            throw new StoreCorruptionException($"An update key of {key.Length} bytes is not the expected {UpdateKeyLength}.");
        }

        return BinaryPrimitives.ReadInt64BigEndian(key[OrgIdLength..]);
    }
}
