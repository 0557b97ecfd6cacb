namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// A multi-client history played with the C# engine from a <see cref="HistoryPlan"/>: several docs
/// with fixed client ids edit maps, arrays, texts and nested types concurrently, with full and
/// partial syncs between them; every local transaction's update is recorded with its client, in
/// generation order.
/// </summary>
internal sealed class CSharpHistory
{
    /// <summary>The roots a history may touch, with the kind it uses them as.</summary>
    public static readonly IReadOnlyList<(string Name, YTypeKind Kind)> RootKinds =
    [
        ("m", YTypeKind.Map), ("a", YTypeKind.Array), ("t", YTypeKind.Text), ("contacts", YTypeKind.Map), ("notes 📝", YTypeKind.Text),
    ];

    private readonly List<(uint Client, byte[] Update)> updates = [];

    private CSharpHistory(HistoryPlan plan, string label)
    {
        Plan = plan;
        Label = label;
    }

    public HistoryPlan Plan { get; }

    public bool Gc => Plan.Gc;

    public IReadOnlyList<(uint Client, byte[] Update)> Updates => updates;

    public IReadOnlyList<Doc> Clients { get; private set; } = [];

    public string Label { get; }

    /// <summary>The history of the plan drawn from <paramref name="seed"/> (see <see cref="HistoryPlan.FromSeed"/>).</summary>
    public static CSharpHistory Generate(uint seed, bool gc, int steps = 30)
    {
        var plan = HistoryPlan.FromSeed(seed, gc, steps);
        return Play(plan, $"C# history seed {seed} (gc {(gc ? "on" : "off")}, clients [{string.Join(", ", plan.ClientIds)}])");
    }

    /// <summary>Plays a plan; the label names it in failure messages (the plan itself by default).</summary>
    public static CSharpHistory Play(HistoryPlan plan, string? label = null)
    {
        var history = new CSharpHistory(plan, label ?? $"C# history {plan}");
        history.Run();
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

    private void Run()
    {
        var docs = Plan.ClientIds.Select(id => new Doc(new DocOptions { ClientId = id, Gc = Gc })).ToArray();
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
        foreach (var step in Plan.Steps)
        {
            var doc = docs[step.Client % docs.Length];
            switch (step)
            {
                case EditStep edit:
                    doc.Transact(_ =>
                    {
                        foreach (var e in edit.Edits)
                        {
                            Apply(doc, e);
                        }
                    });
                    break;
                case FullSyncStep sync when docs[sync.From % docs.Length] != doc:
                    doc.ApplyUpdate(docs[sync.From % docs.Length].EncodeStateAsUpdate(doc.EncodeStateVector()), "remote");
                    break;
                case PartialSyncStep some when updates.Count > 0:
                    foreach (var pick in some.Picks)
                    {
                        doc.ApplyUpdate(updates[pick % updates.Count].Update, "remote");
                    }

                    break;
                default:
                    // A sync from itself, or a partial sync before anything was recorded: nothing to do.
                    break;
            }
        }
    }

    private static void Apply(Doc doc, Edit edit)
    {
        var types = LiveTypes(doc);
        YType target;
        if (types.Count == 0 || edit.Root is not null)
        {
            var (name, kind) = RootKinds[(edit.Root ?? edit.Type) % RootKinds.Count];
            target = kind switch
            {
                YTypeKind.Map => doc.GetMap(name),
                YTypeKind.Array => doc.GetArray(name),
                _ => doc.GetText(name),
            };
        }
        else
        {
            target = types[edit.Type % types.Count];
        }

        switch (target)
        {
            case YMap map:
                if (map.Count > 0 && edit.Kind == EditKind.Delete)
                {
                    var keys = map.Keys.ToList();
                    map.Delete(keys[edit.Key % keys.Count]);
                }
                else
                {
                    map.Set(HistoryPlan.MapKeys[edit.Key % HistoryPlan.MapKeys.Length], Materialize(edit.Values[0]));
                }

                break;
            case YArray array:
                if (array.Length > 0 && edit.Kind == EditKind.Delete)
                {
                    var index = edit.Position % array.Length;
                    array.Delete(index, 1 + (edit.Span % Math.Min(3, array.Length - index)));
                }
                else if (edit.Kind == EditKind.Push)
                {
                    array.Push([.. edit.Values.Select(Materialize)]);
                }
                else
                {
                    array.Insert(edit.Position % (array.Length + 1), [.. edit.Values.Select(Materialize)]);
                }

                break;
            case YText text:
                EditText(text, edit);
                break;
            default:
                throw new InvalidOperationException($"unexpected type {target.GetType()}");
        }
    }

    private static void EditText(YText text, Edit edit)
    {
        var content = text.ToString();
        var length = text.Length;
        var inserted = NonEmptyStrings[edit.Key % NonEmptyStrings.Length];
        if (length > 0 && edit.Kind == EditKind.Delete)
        {
            var start = Snap(content, edit.Position % length);
            var end = Snap(content, Math.Min(length, start + 1 + (edit.Span % 4)));
            if (end > start)
            {
                text.Delete(start, end - start);
            }
        }
        else if (edit.Kind == EditKind.FormattedInsert)
        {
            var attributes = new Dictionary<string, object?> { ["italic"] = true, ["size"] = (long)(edit.Span % 20) };
            text.Insert(Snap(content, edit.Position % (length + 1)), inserted, attributes);
        }
        else
        {
            text.Insert(Snap(content, edit.Position % (length + 1)), inserted);
        }
    }

    private static readonly string[] NonEmptyStrings = [.. HistoryPlan.Strings.Where(s => s.Length > 0)];

    /// <summary>Keeps an index off the middle of a surrogate pair (JavaScript indices are UTF-16 too).</summary>
    private static int Snap(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    /// <summary>A plan's value as the engine takes it: a fresh nested type for a <see cref="PrelimType"/>.</summary>
    private static object? Materialize(object? value) => value is PrelimType prelim ? prelim.Create() : value;

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
