namespace P2PClinic.Crdt.Internal;

/// <summary>
/// Index-based edits of a sequence (yjs typeListInsertGenerics, typeListPushGenerics,
/// typeListDelete). Which item a new insert is placed after decides its origin, so these follow
/// yjs exactly: that is what makes our updates byte-identical to yjs's.
/// </summary>
internal static class SequenceEditing
{
    public static void InsertAt(Transaction transaction, YType parent, int index, object?[] values)
    {
        if (index == 0)
        {
            parent.UpdateMarkerChanges(0, values.Length);
            InsertAfter(transaction, parent, null, values);
            return;
        }

        var startIndex = index;
        Item? n = parent.Start;
        var marker = parent.FindMarker(index);
        if (marker is { } m)
        {
            n = m.Item;
            index -= m.Index;
            if (index == 0)
            {
                // Insert at the end of the previous undeleted item, as a walk from the start would.
                n = n.Left;
                while (n is not null && n.Deleted)
                {
                    n = n.Left;
                }

                index += n is not null && n.Countable && !n.Deleted ? n.Length : 0;
            }
        }

        for (; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                if (index <= n.Length)
                {
                    if (index < n.Length)
                    {
                        transaction.Doc.Store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + index));
                    }

                    break;
                }

                index -= n.Length;
            }
        }

        parent.UpdateMarkerChanges(startIndex, values.Length);
        InsertAfter(transaction, parent, n, values);
    }

    /// <summary>Appends after the very last item, deleted or not (yjs typeListPushGenerics).</summary>
    public static void Push(Transaction transaction, YType parent, object?[] values)
    {
        var n = parent.Start;
        if (n is not null)
        {
            while (n.Right is not null)
            {
                n = n.Right;
            }
        }

        InsertAfter(transaction, parent, n, values);
    }

    /// <summary>
    /// Inserts values after <paramref name="reference"/>: runs of plain values become one Any
    /// item, binaries and shared types an item each.
    /// </summary>
    public static void InsertAfter(Transaction transaction, YType parent, Item? reference, object?[] values)
    {
        var left = reference;
        var doc = transaction.Doc;
        var store = doc.Store;
        var client = doc.ClientId;
        var right = reference is null ? parent.Start : reference.Right;
        List<object?>? run = null;

        void Place(Content content)
        {
            left = new Item(new Id(client, store.GetState(client)), left, left?.LastId, right, right?.Id, parent, null, content);
            left.Integrate(transaction, 0);
        }

        foreach (var value in values)
        {
            if (value is byte[] or YType)
            {
                if (run is not null)
                {
                    Place(new AnyContent(run));
                    run = null;
                }

                Place(YType.ContentFor(value));
            }
            else
            {
                (run ??= []).Add(value);
            }
        }

        if (run is not null)
        {
            Place(new AnyContent(run));
        }
    }

    public static void DeleteRange(Transaction transaction, YType parent, int index, int length)
    {
        var startIndex = index;
        var startLength = length;
        var store = transaction.Doc.Store;
        Item? n = parent.Start;
        var marker = parent.FindMarker(index);
        if (marker is { } m)
        {
            n = m.Item;
            index -= m.Index;
        }

        for (; n is not null && index > 0; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                if (index < n.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + index));
                }

                index -= n.Length;
            }
        }

        while (length > 0 && n is not null)
        {
            if (!n.Deleted)
            {
                if (length < n.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + length));
                }

                n.Delete(transaction);
                length -= n.Length;
            }

            n = n.Right;
        }

        parent.UpdateMarkerChanges(startIndex, -startLength + length);
    }
}
