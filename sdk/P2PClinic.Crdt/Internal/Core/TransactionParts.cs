namespace P2PClinic.Crdt.Internal;

/// <summary>
/// The collections a transaction fills (its delete set, changed types with their keys, structs to
/// merge), handed from one finished transaction to the next so a one-field transaction does not
/// allocate them anew (issue 16: w4's allocation per transaction). Only small ones are kept, so a
/// doc does not hold on to what one large update needed.
/// </summary>
internal sealed class TransactionParts
{
    /// <summary>The most entries (changed types, delete set clients, structs to merge) a kept set may have had.</summary>
    private const int KeepLimit = 16;

    private readonly Stack<HashSet<string?>> spareKeySets = new();

    public DeleteSet DeleteSet { get; } = new();

    public Dictionary<YType, HashSet<string?>> Changed { get; } = new(YTypeIdentity.Instance);

    public List<StructBase> MergeStructs { get; } = [];

    /// <summary>The last transaction's state vector snapshots, refilled by the next (ClientClocks.Of).</summary>
    public ClientClocks? Before { get; set; }

    public ClientClocks? After { get; set; }

    /// <summary>An empty set for the changed keys of one type.</summary>
    public HashSet<string?> RentKeySet() => spareKeySets.TryPop(out var set) ? set : [];

    /// <summary>Empties everything for the next transaction; false when it grew too large to keep.</summary>
    public bool TryReset()
    {
        if (Changed.Count > KeepLimit || DeleteSet.Clients.Count > KeepLimit || MergeStructs.Count > KeepLimit)
        {
            return false;
        }

        foreach (var keys in Changed.Values)
        {
            if (keys.Count <= KeepLimit)
            {
                keys.Clear();
                spareKeySets.Push(keys);
            }
        }

        Changed.Clear();
        MergeStructs.Clear();
        DeleteSet.Recycle();
        return true;
    }
}
