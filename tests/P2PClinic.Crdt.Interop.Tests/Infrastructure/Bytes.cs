using System.Text;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>Byte comparisons that say where two encodings part ways.</summary>
internal static class Bytes
{
    /// <summary>Null when equal, else the first differing offset with hex context around it.</summary>
    public static string? FirstDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.SequenceEqual(actual))
        {
            return null;
        }

        var offset = expected.CommonPrefixLength(actual);
        var from = Math.Max(0, offset - 8);
        return $"lengths {expected.Length} (yjs) vs {actual.Length} (C#), first difference at byte {offset}: "
            + $"yjs [{Hex(expected, from, offset + 16)}] C# [{Hex(actual, from, offset + 16)}] (from byte {from})";
    }

    public static string Hex(ReadOnlySpan<byte> bytes, int from = 0, int to = int.MaxValue)
    {
        var end = Math.Min(bytes.Length, to);
        var text = new StringBuilder();
        for (var i = from; i < end; i++)
        {
            text.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            if (i + 1 < end)
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }
}
