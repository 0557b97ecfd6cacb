using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace P2PClinic.Crdt.Internal;

/// <summary>
/// A state vector taken once per transaction (before and after): two arrays in the struct
/// store's client order, which is the order yjs iterates its store in. A Dictionary per snapshot
/// cost about 216 bytes per one-field transaction with two clients; this costs about 96. Lookups
/// scan the few clients a doc usually has and build an index only for many.
/// </summary>
internal sealed class ClientClocks : IReadOnlyDictionary<uint, long>
{
    private const int ScanLimit = 8;
    private readonly uint[] clients;
    private readonly long[] clocks;
    private Dictionary<uint, long>? index;

    private ClientClocks(uint[] clients, long[] clocks)
    {
        this.clients = clients;
        this.clocks = clocks;
    }

    public int Count => clients.Length;

    public IEnumerable<uint> Keys => clients;

    public IEnumerable<long> Values => clocks;

    public long this[uint key] => TryGetValue(key, out var clock) ? clock : throw new KeyNotFoundException($"client {key}");

    /// <summary>
    /// The next clock of every client with structs (yjs getStateVector), written into
    /// <paramref name="reuse"/> when it has room for exactly as many clients (a finished
    /// transaction's snapshot, see TransactionParts).
    /// </summary>
    public static ClientClocks Of(StructStore store, ClientClocks? reuse = null)
    {
        var count = 0;
        foreach (var structs in store.Clients.Values)
        {
            count += structs.Count > 0 ? 1 : 0;
        }

        var snapshot = reuse is not null && reuse.clients.Length == count ? reuse : new ClientClocks(new uint[count], new long[count]);
        snapshot.index?.Clear();
        var clients = snapshot.clients;
        var clocks = snapshot.clocks;
        var i = 0;
        foreach (var (client, structs) in store.Clients)
        {
            if (structs.Count > 0)
            {
                var last = structs[^1];
                clients[i] = client;
                clocks[i] = last.Id.Clock + last.Length;
                i++;
            }
        }

        if (snapshot.index is not null)
        {
            snapshot.FillIndex();
        }

        return snapshot;
    }

    private void FillIndex()
    {
        index ??= new Dictionary<uint, long>(clients.Length);
        for (var i = 0; i < clients.Length; i++)
        {
            index[clients[i]] = clocks[i];
        }
    }

    public long GetValueOrDefault(uint client) => TryGetValue(client, out var clock) ? clock : 0;

    public bool ContainsKey(uint key) => TryGetValue(key, out _);

    public bool TryGetValue(uint key, [MaybeNullWhen(false)] out long value)
    {
        if (clients.Length <= ScanLimit)
        {
            for (var i = 0; i < clients.Length; i++)
            {
                if (clients[i] == key)
                {
                    value = clocks[i];
                    return true;
                }
            }

            value = 0;
            return false;
        }

        if (index is null)
        {
            FillIndex();
        }

        return index!.TryGetValue(key, out value);
    }

    /// <summary>A struct enumerator, so a foreach over a snapshot allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<uint, long>> IEnumerable<KeyValuePair<uint, long>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(ClientClocks clocks) : IEnumerator<KeyValuePair<uint, long>>
    {
        private int position = -1;

        public readonly KeyValuePair<uint, long> Current => new(clocks.clients[position], clocks.clocks[position]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++position < clocks.clients.Length;

        public void Reset() => position = -1;

        public readonly void Dispose()
        {
        }
    }
}
