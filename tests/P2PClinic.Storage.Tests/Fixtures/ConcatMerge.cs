using System.Buffers.Binary;
using System.Text;

namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>
/// A CRDT-agnostic merge for testing the store: a merged record is a bundle of every original record in
/// order, so a test can see exactly which appends a compacted log still holds. Bundles nest flat.
/// </summary>
public static class ConcatMerge
{
    private static readonly byte[] Magic = "CAT1"u8.ToArray();

    public static byte[] Merge(IReadOnlyList<byte[]> updates)
    {
        var parts = updates.SelectMany(Unpack).ToList();
        var bytes = new byte[Magic.Length + parts.Sum(p => 4 + p.Length)];
        Magic.CopyTo(bytes, 0);
        var offset = Magic.Length;
        foreach (var part in parts)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), part.Length);
            part.CopyTo(bytes, offset + 4);
            offset += 4 + part.Length;
        }

        return bytes;
    }

    /// <summary>The original records in a record (itself if it was never merged).</summary>
    public static IEnumerable<byte[]> Unpack(byte[] record)
    {
        if (!record.AsSpan().StartsWith(Magic))
        {
            yield return record;
            yield break;
        }

        var offset = Magic.Length;
        while (offset < record.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(record.AsSpan(offset));
            yield return record.AsSpan(offset + 4, length).ToArray();
            offset += 4 + length;
        }
    }

    /// <summary>The original records of a whole log, as strings.</summary>
    public static IReadOnlyList<string> Originals(OrgLogContents log) =>
        log.Updates.SelectMany(u => Unpack(u.Update)).Select(b => Encoding.UTF8.GetString(b)).ToList();
}
