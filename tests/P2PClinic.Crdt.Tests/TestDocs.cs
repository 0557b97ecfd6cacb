namespace P2PClinic.Crdt.Tests;

/// <summary>Helpers that build real documents and sync them through encoded updates.</summary>
internal static class TestDocs
{
    public static Doc New(uint client, bool gc = true) => new(new DocOptions { ClientId = client, Gc = gc });

    /// <summary>Brings both docs to the same state by exchanging state-vector diffs, as two peers would.</summary>
    public static void Sync(Doc a, Doc b)
    {
        var toB = a.EncodeStateAsUpdate(b.EncodeStateVector());
        var toA = b.EncodeStateAsUpdate(a.EncodeStateVector());
        b.ApplyUpdate(toB, "sync");
        a.ApplyUpdate(toA, "sync");
    }

    /// <summary>Collects every update a doc emits.</summary>
    public static List<byte[]> Record(Doc doc)
    {
        var updates = new List<byte[]>();
        doc.Updated += (_, e) => updates.Add(e.Update);
        return updates;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
