using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Host.Documents;

/// <summary>
/// Works out which collections (root types) and ids (root map keys) a commit touched, from the CRDT's deep
/// observer events: a change inside an entry (e.g. one field of a contact) names the entry's key. Roots are
/// observed from the first commit that sees them; a root that appears during a commit reports all its keys,
/// since all of them are new.
/// </summary>
internal sealed class ChangeCollector
{
    private readonly Doc _doc;
    private readonly Dictionary<string, YType> _observed = new(StringComparer.Ordinal);
    private Dictionary<string, SortedSet<string>>? _current;

    public ChangeCollector(Doc doc)
    {
        _doc = doc;
    }

    /// <summary>Starts collecting for one commit; every root known now is observed.</summary>
    public void Begin()
    {
        ObserveKnownRoots();
        _current = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
    }

    /// <summary>Ends the commit and returns what it touched, collections in name order.</summary>
    public IReadOnlyList<CollectionChange> End()
    {
        var current = _current ?? throw new InvalidOperationException("End without Begin");
        _current = null;
        foreach (var name in _doc.RootNames)
        {
            if (_observed.ContainsKey(name))
            {
                continue;
            }

            // Unobserved before this commit (new, or its kind was unknown): report every key it has now.
            var type = Typed(name);
            if (type is null)
            {
                continue;
            }

            var ids = Touch(current, name);
            if (type is YMap map)
            {
                ids.UnionWith(map.Keys);
            }
        }

        ObserveKnownRoots();
        return current
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CollectionChange(c.Key, c.Value.ToList()))
            .ToList();
    }

    private void ObserveKnownRoots()
    {
        foreach (var name in _doc.RootNames)
        {
            if (_observed.ContainsKey(name) || Typed(name) is not { } type)
            {
                continue;
            }

            _observed[name] = type;
            type.ObserveDeep(events => OnEvents(name, events));
        }
    }

    private void OnEvents(string root, IReadOnlyList<YEvent> events)
    {
        if (_current is not { } current)
        {
            return;
        }

        var ids = Touch(current, root);
        foreach (var e in events)
        {
            var path = e.Path;
            if (path.Count == 0)
            {
                ids.UnionWith(e.KeysChanged);
            }
            else if (path[0] is string key)
            {
                ids.Add(key);
            }
        }
    }

    private YType? Typed(string name)
    {
        if (!_doc.TryGetRootKind(name, out var kind))
        {
            return null;
        }

        return kind switch
        {
            YTypeKind.Map => _doc.GetMap(name),
            YTypeKind.Array => _doc.GetArray(name),
            YTypeKind.Text => _doc.GetText(name),
            _ => null,
        };
    }

    private static SortedSet<string> Touch(Dictionary<string, SortedSet<string>> current, string root)
    {
        if (!current.TryGetValue(root, out var ids))
        {
            ids = new SortedSet<string>(StringComparer.Ordinal);
            current[root] = ids;
        }

        return ids;
    }
}
