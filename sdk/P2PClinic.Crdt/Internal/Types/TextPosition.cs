namespace P2PClinic.Crdt.Internal;

/// <summary>
/// A cursor in a text between <see cref="Left"/> and <see cref="Right"/>, with the index and the
/// formatting attributes in effect there (yjs ItemTextListPosition).
/// </summary>
internal sealed class TextPosition(Item? left, Item? right, int index, AttributeSet currentAttributes)
{
    public Item? Left = left;
    public Item? Right = right;
    public int Index = index;

    public AttributeSet CurrentAttributes { get; } = currentAttributes;

    public void Forward()
    {
        var right = Right ?? throw new InvalidOperationException("Cannot move past the end of the text.");
        if (right.Content is FormatContent format)
        {
            if (!right.Deleted)
            {
                CurrentAttributes.Apply(format);
            }
        }
        else if (!right.Deleted)
        {
            Index += right.Length;
        }

        Left = right;
        Right = right.Right;
    }

    /// <summary>yjs findPosition + findNextPosition.</summary>
    public static TextPosition Find(Transaction transaction, YType parent, int index, bool useMarker)
    {
        var attributes = new AttributeSet();
        TextPosition pos;
        var count = index;
        if (useMarker && index > 0 && parent.FindMarker(index - 1) is { } marker)
        {
            // The marker item holds index - 1, so the walk below consumes it: the same position as from the start.
            pos = new TextPosition(marker.Item.Left, marker.Item, marker.Index, attributes);
            count = index - marker.Index;
        }
        else
        {
            pos = new TextPosition(null, parent.Start, 0, attributes);
        }

        var store = transaction.Doc.Store;
        while (pos.Right is not null && count > 0)
        {
            var right = pos.Right;
            if (right.Content is FormatContent format)
            {
                if (!right.Deleted)
                {
                    attributes.Apply(format);
                }
            }
            else if (!right.Deleted)
            {
                if (count < right.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(right.Id.Client, right.Id.Clock + count));
                }

                pos.Index += right.Length;
                count -= right.Length;
            }

            pos.Left = right;
            pos.Right = right.Right;
        }

        return pos;
    }
}

/// <summary>Formatting attributes in insertion order (JavaScript Map semantics: a re-added key goes last).</summary>
internal sealed class AttributeSet : List<KeyValuePair<string, object?>>
{
    public AttributeSet()
    {
    }

    public AttributeSet(IEnumerable<KeyValuePair<string, object?>> items)
        : base(items)
    {
    }

    public int IndexOfKey(string key)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(this[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public bool TryGet(string key, out object? value)
    {
        var i = IndexOfKey(key);
        value = i >= 0 ? this[i].Value : null;
        return i >= 0;
    }

    public object? GetOrNull(string key) => TryGet(key, out var v) ? v : null;

    public void Set(string key, object? value)
    {
        var i = IndexOfKey(key);
        if (i >= 0)
        {
            this[i] = new(key, value);
        }
        else
        {
            Add(new(key, value));
        }
    }

    public void RemoveKey(string key)
    {
        var i = IndexOfKey(key);
        if (i >= 0)
        {
            RemoveAt(i);
        }
    }

    /// <summary>yjs updateCurrentAttributes: a null value ends the attribute.</summary>
    public void Apply(FormatContent format)
    {
        if (format.Value is null)
        {
            RemoveKey(format.Key);
        }
        else
        {
            Set(format.Key, format.Value);
        }
    }
}
