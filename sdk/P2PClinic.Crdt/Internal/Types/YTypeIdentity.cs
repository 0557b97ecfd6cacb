namespace P2PClinic.Crdt.Internal;

/// <summary>Reference equality for shared types, hashed by their creation number.</summary>
internal sealed class YTypeIdentity : IEqualityComparer<YType>
{
    public static readonly YTypeIdentity Instance = new();

    public bool Equals(YType? x, YType? y) => ReferenceEquals(x, y);

    public int GetHashCode(YType obj) => obj.Identity;
}
