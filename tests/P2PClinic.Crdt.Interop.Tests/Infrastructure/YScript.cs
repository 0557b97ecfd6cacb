using System.Text.Json;
using System.Text.Json.Serialization;
using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// A short program over update bytes and docs (apply, merge, diff, encode) that runs the same way
/// on the C# engine (<see cref="RunInCSharp"/>) and on yjs (<see cref="YjsOracle"/>, which runs
/// tests/interop/oracle.mjs), so a property can compare every value the two produce. Inputs are
/// named u0, u1, ...; every op that makes a value names it.
/// </summary>
internal sealed class YScript(IReadOnlyList<byte[]> updates)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly List<Op> ops = [];

    public static string Input(int index) => $"u{index}";

    public void NewDoc(string doc, bool gc) => ops.Add(new Op("doc", Doc: doc, Gc: gc));

    public void Apply(string doc, string update) => ops.Add(new Op("apply", Doc: doc, Update: update));

    public string Merge(string output, IEnumerable<string> inputs) => Add(new Op("merge", Out: output, Of: [.. inputs]));

    public string Diff(string output, string update, string stateVector) => Add(new Op("diff", Out: output, Update: update, StateVector: stateVector));

    public string StateVector(string output, string doc) => Add(new Op("stateVector", Out: output, Doc: doc));

    public string State(string output, string doc, string? stateVector = null) => Add(new Op("state", Out: output, Doc: doc, StateVector: stateVector));

    public string StateVectorFromUpdate(string output, string update) => Add(new Op("stateVectorFromUpdate", Out: output, Update: update));

    /// <summary>The clocks a doc's pending structs wait for (yjs store.pendingStructs.missing), encoded like a state vector.</summary>
    public string Pending(string output, string doc) => Add(new Op("pending", Out: output, Doc: doc));

    public string JsonOf(string output, string doc, IEnumerable<(string Name, YTypeKind Kind)> roots) =>
        Add(new Op("json", Out: output, Doc: doc, Roots: [.. roots.Select(r => new NodeInterop.RootSpec(r.Name, r.Kind.ToString().ToLowerInvariant()))]));

    /// <summary>A script saved as an oracle request (a regression case, or a failure's replay file).</summary>
    public static YScript Parse(string request)
    {
        var saved = JsonSerializer.Deserialize<SavedScript>(request, Json) ?? throw new InvalidDataException("empty script");
        var script = new YScript([.. saved.Updates.Select(Convert.FromBase64String)]);
        script.ops.AddRange(saved.Ops);
        return script;
    }

    /// <summary>The request line oracle.mjs reads.</summary>
    public string ToRequest() => JsonSerializer.Serialize(new { updates = updates.Select(Convert.ToBase64String), ops }, Json);

    /// <summary>Runs the script with the C# engine.</summary>
    public YScriptOutputs RunInCSharp()
    {
        var values = new Dictionary<string, byte[]>();
        for (var i = 0; i < updates.Count; i++)
        {
            values[Input(i)] = updates[i];
        }

        var docs = new Dictionary<string, Doc>();
        var outputs = new YScriptOutputs();
        byte[] Bytes(string? name) => values[name!];
        void Put(string? name, byte[] value)
        {
            values[name!] = value;
            outputs.Bytes[name!] = value;
        }

        foreach (var op in ops)
        {
            switch (op.Name)
            {
                case "doc": docs[op.Doc!] = new Doc(new DocOptions { Gc = op.Gc ?? true }); break;
                case "apply": docs[op.Doc!].ApplyUpdate(Bytes(op.Update), "remote"); break;
                case "merge": Put(op.Out, YUpdate.Merge([.. op.Of!.Select(Bytes)])); break;
                case "diff": Put(op.Out, YUpdate.Diff(Bytes(op.Update), Bytes(op.StateVector))); break;
                case "stateVector": Put(op.Out, docs[op.Doc!].EncodeStateVector()); break;
                case "state": Put(op.Out, op.StateVector is null ? docs[op.Doc!].EncodeStateAsUpdate() : docs[op.Doc!].EncodeStateAsUpdate(Bytes(op.StateVector))); break;
                case "stateVectorFromUpdate": Put(op.Out, YUpdate.EncodeStateVectorFromUpdate(Bytes(op.Update))); break;
                case "pending": Put(op.Out, StateVectorCodec.Encode(docs[op.Doc!].Store.Pending?.Missing ?? [])); break;
                case "json":
                    outputs.Json[op.Out!] = CanonicalJson.RootValues(docs[op.Doc!], op.Roots!.Select(r => (r.Name, CanonicalJson.ParseKind(r.Kind))));
                    break;
                default: throw new InvalidOperationException($"unknown op {op.Name}");
            }
        }

        return outputs;
    }

    private string Add(Op op)
    {
        ops.Add(op);
        return op.Out!;
    }

    private sealed record SavedScript(IReadOnlyList<string> Updates, IReadOnlyList<Op> Ops);

    /// <summary>One op as oracle.mjs reads it (null fields are left out).</summary>
    private sealed record Op(
        [property: JsonPropertyName("op")] string Name,
        string? Doc = null,
        string? Out = null,
        string? Update = null,
        string? StateVector = null,
        IReadOnlyList<string>? Of = null,
        bool? Gc = null,
        IReadOnlyList<NodeInterop.RootSpec>? Roots = null);
}

/// <summary>What a script made: named update/state-vector bytes and the JSON of docs.</summary>
internal sealed class YScriptOutputs
{
    public Dictionary<string, byte[]> Bytes { get; } = [];

    /// <summary>C#: the root values (compared with <see cref="JsonComparison"/>); see <see cref="YjsOutputs"/> for yjs's strings.</summary>
    public Dictionary<string, SortedDictionary<string, object?>> Json { get; } = [];
}

/// <summary>What yjs made of a script: named bytes and the canonical JSON strings of lib/canonical.mjs.</summary>
internal sealed record YjsOutputs(IReadOnlyDictionary<string, byte[]> Bytes, IReadOnlyDictionary<string, string> Json);
