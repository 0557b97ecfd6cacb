using System.Text.Json;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>The manifest gen-fixtures.mjs writes; see the comment at the top of that script.</summary>
internal sealed record FixtureManifest(string Yjs, int Seed, int Count, List<History> Histories, List<ProtocolVector> Protocol, List<SpecialUpdate> Specials)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>One random multi-client yjs history and everything yjs computed from it.</summary>
internal sealed record History(
    string Name,
    bool Gc,
    bool AllowSurrogateSplit,
    bool Subdocs,
    List<uint> Clients,
    List<UpdateFile> Updates,
    List<RootInfo> Roots,
    string Json,
    string State,
    string StateVector,
    Dictionary<string, long> StateVectorMap,
    List<DeliveryOrder> Orders,
    BatchedDelivery Batched,
    List<MergeCase> Merges,
    List<DiffCase> Diffs,
    List<StateVectorCase> StateVectorsFromUpdates,
    List<ClientSnapshot> ClientStates)
{
    /// <summary>A short description for failure messages.</summary>
    public string Label => $"{Name} (gc {(Gc ? "on" : "off")}, {Clients.Count} clients [{string.Join(", ", Clients)}], {Updates.Count} updates{(AllowSurrogateSplit ? ", splits surrogate pairs" : string.Empty)}{(Subdocs ? ", subdocs" : string.Empty)})";
}

internal sealed record UpdateFile(string File, uint Client);

/// <summary>A root of the fully synced doc: the kind the generator used it as, and what its content tells.</summary>
internal sealed record RootInfo(string Name, string Kind, string ContentKind);

internal sealed record DeliveryOrder(string Name, List<int> Sequence, string State);

internal sealed record BatchedDelivery(List<List<int>> Batches, List<string> Merged, string State);

internal sealed record MergeCase(List<int> Inputs, string Output);

/// <summary>Update is a file, or "state" for the history's full state.</summary>
internal sealed record DiffCase(string Update, string StateVector, string Output);

internal sealed record StateVectorCase(string Update, string Output);

/// <summary>A client's own partly synced state, and what yjs made of it once completed from the synced doc.</summary>
internal sealed record ClientSnapshot(uint Client, string State, string StateVector, Completion CompletedByDiff, Completion CompletedByEncode);

/// <summary>yjs's JSON and encodeStateAsUpdate of a completed client doc.</summary>
internal sealed record Completion(string Json, string State);

/// <summary>A y-websocket framed y-protocols message (File), its payload, and for awareness the entries it carries.</summary>
internal sealed record ProtocolVector(string Name, string Kind, string File, string Payload, List<AwarenessVectorEntry>? Entries);

internal sealed record AwarenessVectorEntry(uint ClientId, long Clock, string StateJson);

/// <summary>A hand-written update with content the yjs API no longer produces (e.g. ContentJSON), and what yjs made of it.</summary>
internal sealed record SpecialUpdate(string Name, string Update, List<RootInfo> Roots, string Json, string State);
