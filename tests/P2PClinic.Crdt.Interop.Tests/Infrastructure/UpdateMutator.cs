namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// Turns valid updates into hostile ones: bit flips, truncations, inserted and removed bytes,
/// huge varints where lengths and counts live, and splices from other updates. Deterministic
/// from its seed, so a failure names the case that reproduces it.
/// </summary>
internal sealed class UpdateMutator(uint seed, IReadOnlyList<byte[]> corpus)
{
    private readonly Mulberry32 rng = new(seed);

    public (byte[] Bytes, string How) Mutate(byte[] input)
    {
        var bytes = input.ToList();
        var steps = 1 + rng.Int(3);
        var how = new List<string>();
        for (var s = 0; s < steps; s++)
        {
            how.Add(MutateOnce(bytes));
        }

        return ([.. bytes], string.Join("; ", how));
    }

    private string MutateOnce(List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : rng.Int(bytes.Count);
        switch (rng.Int(9))
        {
            case 0 when bytes.Count > 0:
                var bit = rng.Int(8);
                bytes[at] ^= (byte)(1 << bit);
                return $"flip bit {bit} of byte {at}";
            case 1 when bytes.Count > 0:
                var value = rng.Pick(new byte[] { 0x00, 0x01, 0x7f, 0x80, 0xff, (byte)rng.Int(256) });
                bytes[at] = value;
                return $"set byte {at} to {value:x2}";
            case 2:
                var keep = rng.Int(bytes.Count + 1);
                bytes.RemoveRange(keep, bytes.Count - keep);
                return $"truncate to {keep}";
            case 3:
                var inserted = Enumerable.Range(0, 1 + rng.Int(4)).Select(_ => (byte)rng.Int(256)).ToArray();
                bytes.InsertRange(at, inserted);
                return $"insert {Bytes.Hex(inserted)} at {at}";
            case 4 when bytes.Count > 0:
                var count = Math.Min(bytes.Count - at, 1 + rng.Int(8));
                bytes.RemoveRange(at, count);
                return $"remove {count} bytes at {at}";
            case 5:
                // A varint as large as the 53 bits lib0 allows, or beyond: lengths, counts, clocks.
                byte[] huge = rng.Pick(new[]
                {
                    new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f },
                    new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f },
                    new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 },
                    new byte[] { 0xff, 0xff, 0xff, 0x7f },
                });
                if (bytes.Count > 0 && rng.Chance(0.5))
                {
                    bytes.RemoveAt(at);
                }

                bytes.InsertRange(Math.Min(at, bytes.Count), huge);
                return $"varint {Bytes.Hex(huge)} at {at}";
            case 6:
                var other = rng.Pick(corpus);
                var from = rng.Int(other.Length + 1);
                var tail = other.Skip(from).ToArray();
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(tail);
                return $"splice: keep {at} bytes, then bytes {from}.. of another update";
            case 7 when bytes.Count > 1:
                var length = Math.Min(bytes.Count - at, 1 + rng.Int(16));
                var copy = bytes.GetRange(at, length);
                bytes.InsertRange(rng.Int(bytes.Count + 1), copy);
                return $"duplicate {length} bytes from {at}";
            default:
                if (bytes.Count > 0)
                {
                    bytes[at] = (byte)(bytes[at] + 1);
                }

                return $"increment byte {at}";
        }
    }
}
