using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt;

/// <summary>How a map key changed in a transaction.</summary>
public enum YKeyAction
{
    /// <summary>The key did not exist before and has a value now.</summary>
    Add,

    /// <summary>The key had a value before and has a different one now.</summary>
    Update,

    /// <summary>The key had a value before and has none now.</summary>
    Delete,
}

/// <summary>The change of one map key: what happened and the value before.</summary>
/// <param name="Action">What happened to the key.</param>
/// <param name="OldValue">The value before the transaction (null when added).</param>
public sealed record YKeyChange(YKeyAction Action, object? OldValue);

/// <summary>
/// One step of a sequence delta: insert values, delete a number of positions, or retain
/// (skip over) a number of unchanged positions.
/// </summary>
public sealed class YDeltaOp
{
    /// <summary>Values inserted here (for a text, one string per run), or null.</summary>
    public IReadOnlyList<object?>? Insert { get; init; }

    /// <summary>Positions deleted here, or 0.</summary>
    public int Delete { get; init; }

    /// <summary>Unchanged positions skipped, or 0.</summary>
    public int Retain { get; init; }
}

/// <summary>
/// What changed in one shared type during a transaction. The details are computed on first use
/// and are meant to be read inside the observer callback.
/// </summary>
public sealed class YEvent
{
    private IReadOnlyDictionary<string, YKeyChange>? keys;
    private IReadOnlyList<YDeltaOp>? delta;

    internal YEvent(YType target, Transaction transaction, IReadOnlyCollection<string?> subs)
    {
        Target = target;
        CurrentTarget = target;
        Transaction = transaction;
        transaction.Observed = true;
        var changedKeys = new List<string>();
        foreach (var s in subs)
        {
            if (s is null)
            {
                ChildListChanged = true;
            }
            else
            {
                changedKeys.Add(s);
            }
        }

        KeysChanged = changedKeys;
    }

    /// <summary>The type that changed.</summary>
    public YType Target { get; }

    /// <summary>The type whose observer is being called (differs from <see cref="Target"/> for deep observers).</summary>
    public YType CurrentTarget { get; internal set; }

    /// <summary>The transaction that made the change.</summary>
    public Transaction Transaction { get; }

    /// <summary>The map keys that changed.</summary>
    public IReadOnlyCollection<string> KeysChanged { get; }

    /// <summary>Whether the sequence part (array items or text) changed.</summary>
    public bool ChildListChanged { get; }

    /// <summary>Path from <see cref="CurrentTarget"/> to <see cref="Target"/>: map keys (string) and sequence indices (int).</summary>
    public IReadOnlyList<object> Path => Target.PathFrom(CurrentTarget);

    /// <summary>Added, updated and deleted map keys with their old values.</summary>
    public IReadOnlyDictionary<string, YKeyChange> Keys => keys ??= ComputeKeys();

    /// <summary>The sequence change as retain/insert/delete steps.</summary>
    public IReadOnlyList<YDeltaOp> Delta => delta ??= ComputeDelta();

    private bool Adds(StructBase s) => s.Id.Clock >= Transaction.BeforeState.GetValueOrDefault(s.Id.Client);

    private bool Deletes(StructBase s) => Transaction.DeleteSet.IsDeleted(s.Id);

    private static object? LastValue(Item item) => item.Content is DeletedContent ? null : YType.LastValue(item.Content);

    private Dictionary<string, YKeyChange> ComputeKeys()
    {
        var result = new Dictionary<string, YKeyChange>();
        foreach (var key in KeysChanged)
        {
            if (!Target.MapEntries.TryGetValue(key, out var item))
            {
                continue;
            }

            if (Adds(item))
            {
                var prev = item.Left;
                while (prev is not null && Adds(prev))
                {
                    prev = prev.Left;
                }

                if (Deletes(item))
                {
                    if (prev is not null && Deletes(prev))
                    {
                        result[key] = new YKeyChange(YKeyAction.Delete, LastValue(prev));
                    }
                }
                else if (prev is not null && Deletes(prev))
                {
                    result[key] = new YKeyChange(YKeyAction.Update, LastValue(prev));
                }
                else
                {
                    result[key] = new YKeyChange(YKeyAction.Add, null);
                }
            }
            else if (Deletes(item))
            {
                result[key] = new YKeyChange(YKeyAction.Delete, LastValue(item));
            }
        }

        return result;
    }

    private List<YDeltaOp> ComputeDelta()
    {
        var ops = new List<YDeltaOp>();
        if (!ChildListChanged)
        {
            return ops;
        }

        List<object?>? insert = null;
        var retain = 0;
        var delete = 0;
        void Pack()
        {
            if (insert is not null)
            {
                ops.Add(new YDeltaOp { Insert = Target is YText ? JoinStrings(insert) : insert });
                insert = null;
            }
            else if (retain > 0)
            {
                ops.Add(new YDeltaOp { Retain = retain });
                retain = 0;
            }
            else if (delete > 0)
            {
                ops.Add(new YDeltaOp { Delete = delete });
                delete = 0;
            }
        }

        for (var item = Target.Start; item is not null; item = item.Right)
        {
            if (item.Deleted)
            {
                if (Deletes(item) && !Adds(item) && item.Countable)
                {
                    if (delete == 0)
                    {
                        Pack();
                    }

                    delete += item.Length;
                }
            }
            else if (Adds(item))
            {
                if (insert is null)
                {
                    Pack();
                    insert = [];
                }

                item.Content.AppendValues(insert);
            }
            else if (item.Countable)
            {
                if (retain == 0)
                {
                    Pack();
                }

                retain += item.Length;
            }
        }

        if (retain == 0)
        {
            Pack();
        }

        return ops;
    }

    private static List<object?> JoinStrings(List<object?> values)
    {
        var result = new List<object?>();
        var sb = new System.Text.StringBuilder();
        foreach (var v in values)
        {
            if (v is string s)
            {
                sb.Append(s);
            }
            else
            {
                if (sb.Length > 0)
                {
                    result.Add(sb.ToString());
                    sb.Clear();
                }

                result.Add(v);
            }
        }

        if (sb.Length > 0)
        {
            result.Add(sb.ToString());
        }

        return result;
    }
}
