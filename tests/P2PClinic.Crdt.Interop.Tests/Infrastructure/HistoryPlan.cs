using CsCheck;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// A multi-client history as data: which client ids, gc or not, and step by step which client
/// edits what or syncs from whom. CsCheck generates it (<see cref="Generator"/>), so a failing case
/// shrinks to fewer steps, fewer edits and plainer values; <see cref="CSharpHistory.Play"/> plays
/// it with the C# engine. Every choice is an index taken modulo what exists when it is played
/// (the live types, a text's length, the updates recorded so far), so any plan plays.
/// </summary>
internal sealed record HistoryPlan(bool Gc, IReadOnlyList<uint> ClientIds, IReadOnlyList<HistoryStep> Steps)
{
    /// <summary>Client ids of every varint width, 2^31 and 2^32 - 1 included.</summary>
    public static readonly uint[] ClientIdPool = [1, 2, 3, 7, 127, 128, 300, 16384, 65537, 2147483647, 2147483648, 4294967295];

    public static readonly string[] MapKeys = ["a", "b", "c", "name", "email", "ü", "😀k", "", "long key with spaces"];
    public static readonly string[] Strings = ["", "x", "hello", "ünïcödé", "😀", "a😀b", "𝄞 clef", "日本語", "line\nbreak", "\"quoted\"\\"];
    public static readonly string[] ObjectKeys = ["k", "name", "nested", "ß", "🔑"];

    /// <summary>Plans of 2-4 clients and up to <paramref name="maxSteps"/> steps.</summary>
    public static Gen<HistoryPlan> Generator(int maxSteps) =>
        Gen.Int[2, 4].SelectMany(clients => Gen.Select(
            Gen.Bool,
            Gen.Shuffle(ClientIdPool, clients),
            Step(clients).Array[1, maxSteps],
            (gc, ids, steps) => new HistoryPlan(gc, ids, steps)));

    /// <summary>The plan a CsCheck generator draws from one integer seed, for the seed-numbered tests.</summary>
    public static HistoryPlan FromSeed(uint seed, bool gc, int steps)
    {
        // PCG(uint) takes a stream and draws its state from the clock: a plan must come from the seed alone.
        var plan = Generator(steps).Generate(new PCG(seed, seed), null, out _);
        return plan with { Gc = gc };
    }

    public override string ToString() =>
        $"gc {(Gc ? "on" : "off")}, clients [{string.Join(", ", ClientIds)}], {Steps.Count} steps: {string.Join("; ", Steps)}";

    private static Gen<HistoryStep> Step(int clients) => Gen.Frequency(
        (65, Gen.Select(Gen.Int[0, clients - 1], Edit.Array[1, 3], (client, edits) => (HistoryStep)new EditStep(client, edits))),
        (20, Gen.Select(Gen.Int[0, clients - 1], Gen.Int[0, clients - 1], (client, from) => (HistoryStep)new FullSyncStep(client, from))),
        (15, Gen.Select(Gen.Int[0, clients - 1], Gen.Int[0, 1000].Array[1, 4], (client, picks) => (HistoryStep)new PartialSyncStep(client, picks))));

    private static readonly Gen<EditKind> Kinds = Gen.FrequencyConst((6, EditKind.Insert), (2, EditKind.Delete), (1, EditKind.Push), (1, EditKind.FormattedInsert));

    private static readonly Gen<Edit> Edit = Gen.Select(
        Gen.Frequency((35, Gen.Int[0, RootKinds.Count - 1].Select(r => (int?)r)), (65, Gen.Const((int?)null))),
        Gen.Int[0, 64],
        Kinds,
        Gen.Int[0, 64],
        Gen.Int[0, 64],
        Gen.Int[0, 64],
        Value.Array[1, 3],
        (root, type, kind, key, position, span, values) => new Edit(root, type, kind, key, position, span, values));

    private static IReadOnlyList<(string Name, YTypeKind Kind)> RootKinds => CSharpHistory.RootKinds;

    private static Gen<object?> Value => Gen.Frequency((2, Gen.Select(Gen.Int[0, 2], Gen.Frequency((1, Gen.Const((string?)null)), (1, Gen.OneOfConst(Strings).Select(t => (string?)t))), (kind, text) => (object?)new PrelimType(kind, text))), (8, Any(0)));

    /// <summary>
    /// Values of every Any kind, -0.0 included (lib0 writes it as a varint with the sign bit), but
    /// no integer-like object keys: JavaScript enumerates those first, so yjs would reorder them.
    /// </summary>
    private static Gen<object?> Any(int depth)
    {
        var leaves = new List<(int, IGen<object?>)>
        {
            (1, Gen.Const((object?)null)),
            (1, Gen.Bool.Select(b => (object?)b)),
            (1, Gen.OneOfConst(0, 1, -1, 42, -1000, 2147483647, -2147483647, 1073741824).Select(i => (object?)i)),
            (1, Gen.OneOfConst(2147483648L, -2147483649L, 1L << 40, 9007199254740991L, 123L).Select(l => (object?)l)),
            (1, Gen.OneOfConst(0.5, -2.25, 3.140000104904175, 0.1, -1e-7, Math.PI, 5e-324, -0.0).Select(d => (object?)d)),
            (2, Gen.OneOfConst(Strings).Select(s => (object?)s)),
            (1, Gen.Byte.Array[0, 5].Select(b => (object?)b)),
        };
        if (depth < 2)
        {
            var inner = Any(depth + 1);
            leaves.Add((1, inner.Array[0, 5].Select(a => (object?)a)));
            leaves.Add((1, Gen.Select(Gen.OneOfConst(ObjectKeys), inner).Array[0, 3].Select(pairs =>
            {
                var obj = new Dictionary<string, object?>();
                foreach (var (k, v) in pairs)
                {
                    obj[k] = v;
                }

                return (object?)obj;
            })));
        }

        return Gen.Frequency([.. leaves]);
    }
}

/// <summary>One step of a plan, done by the client at index <see cref="Client"/>.</summary>
internal abstract record HistoryStep(int Client);

/// <summary>One local transaction of a few edits.</summary>
internal sealed record EditStep(int Client, IReadOnlyList<Edit> Edits) : HistoryStep(Client)
{
    public override string ToString() => $"c{Client} edits [{string.Join(", ", Edits)}]";
}

/// <summary>The client receives everything it misses from another (nothing if it is itself).</summary>
internal sealed record FullSyncStep(int Client, int From) : HistoryStep(Client)
{
    public override string ToString() => $"c{Client} syncs from c{From}";
}

/// <summary>The client receives a few recorded updates, maybe out of causal order (they wait as pending structs).</summary>
internal sealed record PartialSyncStep(int Client, IReadOnlyList<int> Picks) : HistoryStep(Client)
{
    public override string ToString() => $"c{Client} gets updates #[{string.Join(",", Picks)}]";
}

internal enum EditKind
{
    /// <summary>Map: set a key; array: insert at a position; text: insert a string.</summary>
    Insert,

    /// <summary>Map: delete a key; array or text: delete a short range (an insert when empty).</summary>
    Delete,

    /// <summary>Array: push at the end; otherwise as <see cref="Insert"/>.</summary>
    Push,

    /// <summary>Text: insert with attributes; otherwise as <see cref="Insert"/>.</summary>
    FormattedInsert,
}

/// <summary>
/// One edit: on root <see cref="Root"/> if set (or if nothing is live yet), else on the
/// <see cref="Type"/>-th live type; <see cref="Key"/>, <see cref="Position"/> and <see cref="Span"/>
/// pick a key, an index and a length among those that exist when it is played.
/// </summary>
internal sealed record Edit(int? Root, int Type, EditKind Kind, int Key, int Position, int Span, IReadOnlyList<object?> Values)
{
    public override string ToString() =>
        $"{(Root is { } r ? CSharpHistory.RootKinds[r].Name : $"type{Type}")} {Kind} k{Key} p{Position} s{Span} {string.Join("|", Values.Select(CanonicalJsonOrPrelim))}";

    private static string CanonicalJsonOrPrelim(object? value) => value is PrelimType p ? p.ToString() : CanonicalJson.Write(value);
}

/// <summary>A new nested type as a value; made fresh each time the plan plays.</summary>
internal sealed record PrelimType(int Kind, string? Text)
{
    public YType Create() => Kind switch
    {
        0 => new YMap(),
        1 => new YArray(),
        _ => new YText(Text),
    };

    public override string ToString() => Kind switch
    {
        0 => "new YMap",
        1 => "new YArray",
        _ => "new YText",
    };
}
