namespace P2PClinic.Crdt.Internal;

/// <summary>
/// Text inserts and deletes with formatting marks, and the removal of redundant marks, following
/// yjs's YText.js (insertText, insertAttributes, insertNegatedAttributes, deleteText,
/// cleanupFormattingGap, cleanupYTextAfterTransaction) so both produce the same items.
/// </summary>
internal static class TextFormatting
{
    /// <summary>yjs equalAttrs: equal primitives, or flat-equal objects.</summary>
    public static bool AttributesEqual(object? a, object? b)
    {
        if (StrictEquals(a, b))
        {
            return true;
        }

        if (a is IReadOnlyDictionary<string, object?> da && b is IReadOnlyDictionary<string, object?> db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }

            foreach (var (k, v) in da)
            {
                if (!db.TryGetValue(k, out var w) || !StrictEquals(v, w))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>JavaScript ===: primitives by value (all numbers alike), objects by reference.</summary>
    public static bool StrictEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        return (a, b) switch
        {
            (null, _) or (_, null) => false,
            (long x, long y) => x == y,
            (long x, double y) => x == y,
            (double x, long y) => x == y,
            (double x, double y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            _ => false,
        };
    }

    public static void InsertText(Transaction transaction, YType parent, TextPosition pos, Content content, List<KeyValuePair<string, object?>> attributesIn)
    {
        var attributes = new AttributeSet(attributesIn);
        foreach (var (key, _) in pos.CurrentAttributes)
        {
            if (attributes.IndexOfKey(key) < 0)
            {
                attributes.Add(new(key, null));
            }
        }

        MinimizeAttributeChanges(pos, attributes);
        var negated = InsertAttributes(transaction, parent, pos, attributes);
        var doc = transaction.Doc;
        var client = doc.ClientId;
        var left = pos.Left;
        var index = pos.Index;
        parent.UpdateMarkerChanges(index, content.Length);
        var item = new Item(new Id(client, doc.Store.GetState(client)), left, left?.LastId, pos.Right, pos.Right?.Id, parent, null, content);
        item.Integrate(transaction, 0);
        if (negated.Count == 0)
        {
            // Nothing to close after the text: the cursor is not used any further.
            return;
        }

        pos.Right = item;
        pos.Index = index;
        pos.Forward();
        InsertNegatedAttributes(transaction, parent, pos, negated);
    }

    private static void MinimizeAttributeChanges(TextPosition pos, AttributeSet attributes)
    {
        while (pos.Right is { } right
            && (right.Deleted || (right.Content is FormatContent f && AttributesEqual(attributes.GetOrNull(f.Key), f.Value))))
        {
            pos.Forward();
        }
    }

    private static AttributeSet InsertAttributes(Transaction transaction, YType parent, TextPosition pos, AttributeSet attributes)
    {
        var doc = transaction.Doc;
        var client = doc.ClientId;
        var negated = new AttributeSet();
        foreach (var (key, value) in attributes)
        {
            var current = pos.CurrentAttributes.GetOrNull(key);
            if (!AttributesEqual(current, value))
            {
                negated.Set(key, current);
                var left = pos.Left;
                var right = pos.Right;
                pos.Right = new Item(new Id(client, doc.Store.GetState(client)), left, left?.LastId, right, right?.Id, parent, null, YText.Format(key, value));
                pos.Right.Integrate(transaction, 0);
                pos.Forward();
            }
        }

        return negated;
    }

    private static void InsertNegatedAttributes(Transaction transaction, YType parent, TextPosition pos, AttributeSet negated)
    {
        while (pos.Right is { } right
            && (right.Deleted || (right.Content is FormatContent f && negated.TryGet(f.Key, out var nv) && AttributesEqual(nv, f.Value))))
        {
            if (!right.Deleted)
            {
                negated.RemoveKey(((FormatContent)right.Content).Key);
            }

            pos.Forward();
        }

        var doc = transaction.Doc;
        var client = doc.ClientId;
        foreach (var (key, value) in negated)
        {
            var left = pos.Left;
            var r = pos.Right;
            var next = new Item(new Id(client, doc.Store.GetState(client)), left, left?.LastId, r, r?.Id, parent, null, YText.Format(key, value));
            next.Integrate(transaction, 0);
            pos.Right = next;
            pos.Forward();
        }
    }

    public static void DeleteText(Transaction transaction, YType parent, TextPosition pos, int length)
    {
        var startLength = length;
        var startAttributes = new AttributeSet(pos.CurrentAttributes);
        var start = pos.Right;
        var store = transaction.Doc.Store;
        while (length > 0 && pos.Right is { } right)
        {
            if (!right.Deleted && right.Content is TypeContent or EmbedContent or TextContent)
            {
                if (length < right.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(right.Id.Client, right.Id.Clock + length));
                }

                length -= right.Length;
                right.Delete(transaction);
            }

            pos.Forward();
        }

        if (start is not null)
        {
            CleanupFormattingGap(transaction, start, pos.Right, startAttributes, pos.CurrentAttributes);
        }

        parent.UpdateMarkerChanges(pos.Index, -startLength + length);
    }

    /// <summary>Deletes format marks between <paramref name="start"/> and the next content that are overridden or redundant.</summary>
    public static int CleanupFormattingGap(Transaction transaction, Item start, Item? current, AttributeSet startAttributes, AttributeSet currentAttributes)
    {
        var end = start;
        var endFormats = new Dictionary<string, FormatContent>(StringComparer.Ordinal);
        while (end is not null && (!end.Countable || end.Deleted))
        {
            if (!end.Deleted && end.Content is FormatContent cf)
            {
                endFormats[cf.Key] = cf;
            }

            end = end.Right;
        }

        var cleanups = 0;
        var reachedCurrent = false;
        Item? s = start;
        while (s is not null && s != end)
        {
            if (current == s)
            {
                reachedCurrent = true;
            }

            if (!s.Deleted && s.Content is FormatContent format)
            {
                var startValue = startAttributes.GetOrNull(format.Key);
                if (!ReferenceEquals(endFormats.GetValueOrDefault(format.Key), format) || StrictEquals(startValue, format.Value))
                {
                    // Overwritten by a later mark, or not needed because the attribute already had this value.
                    s.Delete(transaction);
                    cleanups++;
                    if (!reachedCurrent && StrictEquals(currentAttributes.GetOrNull(format.Key), format.Value) && !StrictEquals(startValue, format.Value))
                    {
                        if (startValue is null)
                        {
                            currentAttributes.RemoveKey(format.Key);
                        }
                        else
                        {
                            currentAttributes.Set(format.Key, startValue);
                        }
                    }
                }

                if (!reachedCurrent && !s.Deleted)
                {
                    currentAttributes.Apply(format);
                }
            }

            s = s.Right;
        }

        return cleanups;
    }

    private static void CleanupContextlessFormattingGap(Transaction transaction, Item? item)
    {
        while (item?.Right is { } r && (r.Deleted || !r.Countable))
        {
            item = r;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (item is not null && (item.Deleted || !item.Countable))
        {
            if (!item.Deleted && item.Content is FormatContent f && !seen.Add(f.Key))
            {
                item.Delete(transaction);
            }

            item = item.Left;
        }
    }

    private static void CleanupWholeText(YType text)
    {
        text.RequireDoc().Transact(transaction =>
        {
            var start = text.Start;
            var end = text.Start;
            var startAttributes = new AttributeSet();
            var currentAttributes = new AttributeSet();
            while (end is not null)
            {
                if (!end.Deleted)
                {
                    if (end.Content is FormatContent f)
                    {
                        currentAttributes.Apply(f);
                    }
                    else
                    {
                        CleanupFormattingGap(transaction, start!, end, startAttributes, currentAttributes);
                        startAttributes = new AttributeSet(currentAttributes);
                        start = end;
                    }
                }

                end = end.Right;
            }
        });
    }

    /// <summary>yjs cleanupYTextAfterTransaction: after a remote change to formatted text, drop duplicate marks.</summary>
    public static void CleanupAfterTransaction(Transaction transaction)
    {
        var needFullCleanup = new List<YText>();
        var doc = transaction.Doc;
        var store = doc.Store;
        foreach (var (client, afterClock) in transaction.AfterState)
        {
            var clock = transaction.BeforeState.GetValueOrDefault(client);
            if (afterClock == clock)
            {
                continue;
            }

            // yjs passes the after-clock as a length here, so it visits everything from the old state on.
            var structs = store.Clients[client];
            var index = FindIndexCleanStart(transaction, structs, clock);
            for (; index < structs.Count; index++)
            {
                if (structs[index] is Item { Deleted: false, Content: FormatContent, Parent: YText t } && !needFullCleanup.Contains(t))
                {
                    needFullCleanup.Add(t);
                }
            }
        }

        doc.Transact(t =>
        {
            foreach (var (client, ranges) in transaction.DeleteSet.Clients)
            {
                if (!store.Clients.TryGetValue(client, out var structs) || structs.Count == 0)
                {
                    continue;
                }

                var state = structs[^1].EndClock;
                foreach (var range in ranges)
                {
                    if (range.Clock >= state)
                    {
                        break;
                    }

                    IterateStructs(transaction, structs, range.Clock, range.Length, s =>
                    {
                        if (s is not Item { Parent: YText { HasFormatting: true } parent } item || needFullCleanup.Contains(parent))
                        {
                            return;
                        }

                        if (item.Content is FormatContent)
                        {
                            needFullCleanup.Add(parent);
                        }
                        else
                        {
                            CleanupContextlessFormattingGap(t, item);
                        }
                    });
                }
            }

            foreach (var text in needFullCleanup)
            {
                CleanupWholeText(text);
            }
        });
    }

    private static int FindIndexCleanStart(Transaction transaction, List<StructBase> structs, long clock)
    {
        var index = StructStore.FindIndex(structs, clock);
        if (structs[index] is Item item && item.Id.Clock < clock)
        {
            structs.Insert(index + 1, item.Split(transaction, (int)(clock - item.Id.Clock)));
            return index + 1;
        }

        return index;
    }

    private static void IterateStructs(Transaction transaction, List<StructBase> structs, long clockStart, long length, Action<StructBase> visit)
    {
        if (length == 0)
        {
            return;
        }

        var clockEnd = clockStart + length;
        var index = FindIndexCleanStart(transaction, structs, clockStart);
        StructBase s;
        do
        {
            s = structs[index++];
            if (clockEnd < s.Id.Clock + s.Length)
            {
                FindIndexCleanStart(transaction, structs, clockEnd);
            }

            visit(s);
        }
        while (index < structs.Count && structs[index].Id.Clock < clockEnd);
    }
}
