namespace P2PClinic.Crdt.Internal;

/// <summary>
/// One run of consecutive clocks of one client in the struct store: an <see cref="Item"/> with
/// content, a <see cref="GcStruct"/> (garbage-collected, content gone) or, only inside encoded
/// updates, a <see cref="SkipStruct"/> (a gap).
/// </summary>
internal abstract class StructBase(Id id, int length)
{
    public Id Id = id;
    public int Length = length;

    public abstract bool Deleted { get; }

    public long EndClock => Id.Clock + Length;

    public abstract bool MergeWith(StructBase right);

    /// <summary>
    /// Whether this struct and <paramref name="right"/> together still have a 32-bit length. yjs
    /// would merge longer runs (its lengths are JavaScript numbers), but only a hostile update has
    /// 2^31 clocks in one run, and a wrapped length would make a struct end before it starts.
    /// </summary>
    protected bool CanGrowBy(StructBase right) => (long)Length + right.Length <= int.MaxValue;

    /// <summary>Writes the struct from <paramref name="offset"/> on (struct encoding of update v1).</summary>
    public abstract void Write(UpdateWriter writer, int offset);

    public abstract void Integrate(Transaction transaction, int offset);

    /// <summary>The client whose structs must arrive before this one can be integrated, or null.</summary>
    public abstract uint? GetMissing(Transaction transaction, StructStore store);
}

/// <summary>Deleted content whose value is gone; only its clock range remains (yjs GC).</summary>
internal sealed class GcStruct(Id id, int length) : StructBase(id, length)
{
    public const byte Ref = 0;

    public override bool Deleted => true;

    public override bool MergeWith(StructBase right)
    {
        if (right is not GcStruct || !CanGrowBy(right))
        {
            return false;
        }

        Length += right.Length;
        return true;
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        writer.WriteInfo(Ref);
        writer.WriteLength(Length - offset);
    }

    public override void Integrate(Transaction transaction, int offset)
    {
        if (offset > 0)
        {
            Id = Id with { Clock = Id.Clock + offset };
            Length -= offset;
        }

        transaction.Doc.Store.AddStruct(this);
    }

    public override uint? GetMissing(Transaction transaction, StructStore store) => null;
}

/// <summary>A gap in an encoded update: clocks the update does not carry (yjs Skip).</summary>
internal sealed class SkipStruct(Id id, int length) : StructBase(id, length)
{
    public const byte Ref = 10;

    public override bool Deleted => true;

    public override bool MergeWith(StructBase right)
    {
        if (right is not SkipStruct || !CanGrowBy(right))
        {
            return false;
        }

        Length += right.Length;
        return true;
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        writer.WriteInfo(Ref);
        // yjs writes the skip length with the plain varUint writer, even in update v2.
        writer.Rest.WriteVarUint((ulong)(Length - offset));
    }

    public override void Integrate(Transaction transaction, int offset) =>
        throw new InvalidOperationException("A skip struct is never integrated.");

    public override uint? GetMissing(Transaction transaction, StructStore store) => null;
}
