namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// A random multi-client history made with the C# engine: several docs with fixed client ids
/// edit maps, arrays, texts and nested types concurrently, with full and partial syncs between
/// them; every local transaction's update is recorded with its client, in generation order.
/// </summary>
internal sealed class CSharpHistory
{
    /// <summary>The roots a history may touch, with the kind it uses them as.</summary>
    public static readonly IReadOnlyList<(string Name, YTypeKind Kind)> RootKinds =
    [
        ("m", YTypeKind.Map), ("a", YTypeKind.Array), ("t", YTypeKind.Text), ("contacts", YTypeKind.Map), ("notes 📝", YTypeKind.Text),
    ];

    private static readonly uint[] ClientIdPool = [1, 2, 3, 7, 127, 128, 300, 16384, 65537, 2147483647, 2147483648, 4294967295];
    private static readonly string[] MapKeys = ["a", "b", "c", "name", "email", "ü", "😀k", "", "long key with spaces"];
    private static readonly string[] Strings = ["", "x", "hello", "ünïcödé", "😀", "a😀b", "𝄞 clef", "日本語", "line\nbreak", "\"quoted\"\\"];
    private static readonly string[] ObjectKeys = ["k", "name", "nested", "ß", "🔑"];

    private readonly Mulberry32 rng;
    private readonly List<(uint Client, byte[] Update)> updates = [];

    private CSharpHistory(uint seed, bool gc)
    {
        rng = new Mulberry32(seed);
        Gc = gc;
    }

    public bool Gc { get; }

    public uint Seed { get; private init; }

    public IReadOnlyList<(uint Client, byte[] Update)> Updates => updates;

    public IReadOnlyList<Doc> Clients { get; private set; } = [];

    public string Label => $"C# history seed {Seed} (gc {(Gc ? "on" : "off")}, clients [{string.Join(", ", Clients.Select(c => c.ClientId))}], {updates.Count} updates)";

    public static CSharpHistory Generate(uint seed, bool gc, int steps = 30)
    {
        var history = new CSharpHistory(seed, gc) { Seed = seed };
        history.Run(steps);
        return history;
    }

    /// <summary>A fresh doc with every recorded update applied in generation order.</summary>
    public Doc Synced()
    {
        var doc = new Doc(new DocOptions { Gc = Gc });
        foreach (var (_, update) in updates)
        {
            doc.ApplyUpdate(update);
        }

        return doc;
    }

    /// <summary>The roots of a doc that this generator uses, with their kinds.</summary>
    public static List<(string Name, YTypeKind Kind)> UsedRoots(Doc doc) =>
        [.. RootKinds.Where(r => doc.RootNames.Contains(r.Name))];

    private void Run(int steps)
    {
        var clientCount = 2 + rng.Int(3);
        var ids = rng.Shuffle(ClientIdPool.ToArray()).Take(clientCount).ToArray();
        var docs = ids.Select(id => new Doc(new DocOptions { ClientId = id, Gc = Gc })).ToArray();
        foreach (var doc in docs)
        {
            var client = doc.ClientId;
            doc.Updated += (_, e) =>
            {
                if (e.IsLocal)
                {
                    updates.Add((client, e.Update));
                }
            };
        }

        Clients = docs;
        for (var step = 0; step < steps; step++)
        {
            var r = rng.Float();
            var doc = docs[rng.Int(clientCount)];
            if (r < 0.65)
            {
                doc.Transact(_ =>
                {
                    var ops = 1 + rng.Int(3);
                    for (var i = 0; i < ops; i++)
                    {
                        RandomEdit(doc);
                    }
                });
            }
            else if (r < 0.85)
            {
                var from = docs[rng.Int(clientCount)];
                if (from != doc)
                {
                    doc.ApplyUpdate(from.EncodeStateAsUpdate(doc.EncodeStateVector()), "remote");
                }
            }
            else if (updates.Count > 0)
            {
                // Partial sync: a few recorded updates, maybe out of order (they wait as pending structs).
                var n = 1 + rng.Int(Math.Min(4, updates.Count));
                for (var i = 0; i < n; i++)
                {
                    doc.ApplyUpdate(rng.Pick(updates).Update, "remote");
                }
            }
        }
    }

    private void RandomEdit(Doc doc)
    {
        var types = LiveTypes(doc);
        YType target;
        if (types.Count == 0 || rng.Chance(0.35))
        {
            var (name, kind) = rng.Pick(RootKinds);
            target = kind switch
            {
                YTypeKind.Map => doc.GetMap(name),
                YTypeKind.Array => doc.GetArray(name),
                _ => doc.GetText(name),
            };
        }
        else
        {
            target = rng.Pick(types);
        }

        switch (target)
        {
            case YMap map:
                if (map.Count > 0 && rng.Chance(0.25))
                {
                    map.Delete(rng.Pick(map.Keys.ToList()));
                }
                else
                {
                    map.Set(rng.Pick(MapKeys), RandomValue());
                }

                break;
            case YArray array:
                if (array.Length > 0 && rng.Chance(0.3))
                {
                    var index = rng.Int(array.Length);
                    array.Delete(index, 1 + rng.Int(Math.Min(3, array.Length - index)));
                }
                else
                {
                    var values = Enumerable.Range(0, 1 + rng.Int(3)).Select(_ => RandomValue()).ToArray();
                    if (rng.Chance(0.3))
                    {
                        array.Push(values);
                    }
                    else
                    {
                        array.Insert(rng.Int(array.Length + 1), values);
                    }
                }

                break;
            case YText text:
                EditText(text);
                break;
            default:
                throw new InvalidOperationException($"unexpected type {target.GetType()}");
        }
    }

    private void EditText(YText text)
    {
        var content = text.ToString();
        var length = text.Length;
        var r = rng.Int(10);
        if (length > 0 && r < 3)
        {
            var start = Snap(content, rng.Int(length));
            var end = Snap(content, Math.Min(length, start + 1 + rng.Int(4)));
            if (end > start)
            {
                text.Delete(start, end - start);
            }
        }
        else if (r == 4)
        {
            var attributes = new Dictionary<string, object?> { ["italic"] = true, ["size"] = (long)rng.Int(20) };
            text.Insert(Snap(content, rng.Int(length + 1)), rng.Pick(Strings.Where(s => s.Length > 0).ToArray()), attributes);
        }
        else
        {
            text.Insert(Snap(content, rng.Int(length + 1)), rng.Pick(Strings.Where(s => s.Length > 0).ToArray()));
        }
    }

    /// <summary>Keeps an index off the middle of a surrogate pair (JavaScript indices are UTF-16 too).</summary>
    private static int Snap(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    private object? RandomValue() => rng.Chance(0.2) ? RandomPrelimType() : RandomAny(0);

    private YType RandomPrelimType() => rng.Int(3) switch
    {
        0 => new YMap(),
        1 => new YArray(),
        _ => new YText(rng.Chance(0.5) ? rng.Pick(Strings) : null),
    };

    /// <summary>
    /// Values of every Any kind, -0.0 included (lib0 writes it as a varint with the sign bit), but
    /// no integer-like object keys: JavaScript enumerates those first, so yjs would reorder them.
    /// </summary>
    private object? RandomAny(int depth)
    {
        switch (rng.Int(depth > 1 ? 8 : 10))
        {
            case 0: return null;
            case 1: return rng.Chance(0.5);
            case 2: return rng.Pick(new object[] { 0, 1, -1, 42, -1000, 2147483647, -2147483647, 1073741824 });
            case 3: return rng.Pick(new object[] { 2147483648L, -2147483649L, 1L << 40, 9007199254740991L, 123L });
            case 4: return rng.Pick(new[] { 0.5, -2.25, 3.140000104904175, 0.1, -1e-7, Math.PI, 5e-324, -0.0 });
            case 5: return rng.Pick(Strings);
            case 6: return Enumerable.Range(0, rng.Int(6)).Select(_ => (byte)rng.Int(256)).ToArray();
            case 7: return rng.Pick(Strings);
            case 8: return Enumerable.Range(0, rng.Int(4)).Select(_ => RandomAny(depth + 1)).ToArray();
            default:
                var obj = new Dictionary<string, object?>();
                var n = rng.Int(4);
                for (var i = 0; i < n; i++)
                {
                    obj[rng.Pick(ObjectKeys)] = RandomAny(depth + 1);
                }

                return obj;
        }
    }

    private static List<YType> LiveTypes(Doc doc)
    {
        var found = new List<YType>();
        void Visit(YType type)
        {
            found.Add(type);
            IEnumerable<object?> children = type switch
            {
                YMap map => map.Keys.ToList().Select(map.Get),
                YArray array => Enumerable.Range(0, array.Length).Select(array.Get),
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is YType nested)
                {
                    Visit(nested);
                }
            }
        }

        foreach (var (name, kind) in UsedRoots(doc))
        {
            Visit(kind switch
            {
                YTypeKind.Map => doc.GetMap(name),
                YTypeKind.Array => doc.GetArray(name),
                _ => doc.GetText(name),
            });
        }

        return found;
    }
}
