using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt;

/// <summary>A shared sequence of values; concurrent inserts interleave the same way on every peer.</summary>
public sealed class YArray : YType
{
    internal const byte RefNumber = 0;

    private List<object?>? prelim = [];

    /// <summary>Creates a prelim array: fill it, then insert it as a value in a document.</summary>
    public YArray()
    {
    }

    /// <inheritdoc />
    public override YTypeKind Kind => YTypeKind.Array;

    internal override byte TypeRef => RefNumber;

    /// <summary>Number of values.</summary>
    public int Length => prelim?.Count ?? ContentLength;

    /// <summary>Inserts <paramref name="values"/> at <paramref name="index"/> (0..Length).</summary>
    public void Insert(int index, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (index < 0 || index > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be between 0 and the length {Length}.");
        }

        var normalized = Normalize(values);
        if (prelim is not null)
        {
            prelim.InsertRange(index, normalized);
            return;
        }

        if (normalized.Length == 0)
        {
            return;
        }

        RequireDoc().Transact(t => SequenceEditing.InsertAt(t, this, index, normalized));
    }

    /// <summary>Appends <paramref name="values"/> at the end.</summary>
    public void Push(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var normalized = Normalize(values);
        if (prelim is not null)
        {
            prelim.AddRange(normalized);
            return;
        }

        if (normalized.Length == 0)
        {
            return;
        }

        RequireDoc().Transact(t => SequenceEditing.Push(t, this, normalized));
    }

    /// <summary>Deletes <paramref name="length"/> values from <paramref name="index"/> on.</summary>
    public void Delete(int index, int length = 1)
    {
        if (index < 0 || length < 0 || index + (long)length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The range [{index}, {index + (long)length}) is outside the array of length {Length}.");
        }

        if (prelim is not null)
        {
            prelim.RemoveRange(index, length);
            return;
        }

        if (length == 0)
        {
            return;
        }

        RequireDoc().Transact(t => SequenceEditing.DeleteRange(t, this, index, length));
    }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public object? Get(int index)
    {
        if (index < 0 || index >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be below the length {Length}.");
        }

        if (prelim is not null)
        {
            return prelim[index];
        }

        var start = FindMarker(index);
        var n = start?.Item ?? Start;
        var i = index - (start?.Index ?? 0);
        for (; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                if (i < n.Length)
                {
                    var values = new List<object?>(n.Length);
                    n.Content.AppendValues(values);
                    return values[i];
                }

                i -= n.Length;
            }
        }

        throw new InvalidOperationException("The array is shorter than its recorded length.");
    }

    /// <summary>All values, in order.</summary>
    public IReadOnlyList<object?> ToArray() => prelim?.ToArray() ?? [.. SequenceValues()];

    /// <inheritdoc />
    public override object? ToJson()
    {
        var values = prelim ?? SequenceValues();
        var result = new object?[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ValueToJson(values[i]);
        }

        return result;
    }

    private static object?[] Normalize(object?[] values)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = NormalizeValue(values[i]);
        }

        return result;
    }

    internal override void IntegrateInto(Doc doc, Item? item)
    {
        base.IntegrateInto(doc, item);
        var pending = prelim;
        prelim = null;
        if (pending is { Count: > 0 })
        {
            doc.Transact(t => SequenceEditing.InsertAt(t, this, 0, [.. pending]));
        }
    }
}
