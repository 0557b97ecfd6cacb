namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>TSN and SSN comparison with wrap-around (serial number arithmetic, RFC 1982, as RFC 9260 section 1.6 requires).</summary>
internal static class SerialNumber
{
    public static bool Less(uint a, uint b) => a != b && (int)(a - b) < 0;

    public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Greater(uint a, uint b) => Less(b, a);

    public static bool Less(ushort a, ushort b) => a != b && (short)(a - b) < 0;
}

/// <summary>Orders TSNs of one receive window (never more than 2^31 apart).</summary>
internal sealed class TsnComparer : IComparer<uint>
{
    public static readonly TsnComparer Instance = new();

    public int Compare(uint x, uint y) => (int)(x - y);
}
