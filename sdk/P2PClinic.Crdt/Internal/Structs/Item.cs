namespace P2PClinic.Crdt.Internal;

/// <summary>
/// A run of content inserted by one client into one parent (yjs Item). Items of a sequence form a
/// doubly linked list; <see cref="Origin"/> and <see cref="RightOrigin"/> record the neighbours at
/// insertion time, which is all YATA needs to order concurrent inserts identically everywhere.
/// </summary>
internal sealed class Item : StructBase
{
    private const byte KeepFlag = 1;
    private const byte CountableFlag = 2;
    private const byte DeletedFlag = 4;
    private const byte MarkerFlag = 8;

    private byte flags;

    public Item(Id id, Item? left, Id? origin, Item? right, Id? rightOrigin, YType? parent, string? parentSub, Content content)
        : base(id, content.Length)
    {
        Left = left;
        Origin = origin;
        Right = right;
        RightOrigin = rightOrigin;
        Parent = parent;
        ParentSub = parentSub;
        Content = content;
        flags = content.Countable ? CountableFlag : (byte)0;
    }

    public Item? Left;
    public Item? Right;
    public Id? Origin;
    public Id? RightOrigin;

    /// <summary>The parent type once known; null while only <see cref="ParentId"/> or <see cref="ParentKey"/> are known, or when the parent was garbage-collected.</summary>
    public YType? Parent;

    /// <summary>
    /// For a decoded item until it is integrated: <see cref="ParentId"/> (boxed) or <see cref="ParentKey"/>,
    /// never both (the format writes one or the other). One field instead of a nullable id and a string
    /// keeps 24 bytes off every item a document holds (issue 16).
    /// </summary>
    private object? pendingParent;

    /// <summary>For a decoded item: the id of the item holding the parent type.</summary>
    public Id? ParentId
    {
        get => pendingParent is Id id ? id : null;
        set
        {
            if (value is { } id)
            {
                pendingParent = id;
            }
            else if (pendingParent is Id)
            {
                pendingParent = null;
            }
        }
    }

    /// <summary>For a decoded item: the name of the root type that is the parent.</summary>
    public string? ParentKey
    {
        get => pendingParent as string;
        set
        {
            if (value is not null)
            {
                pendingParent = value;
            }
            else if (pendingParent is string)
            {
                pendingParent = null;
            }
        }
    }

    /// <summary>The map key this item is the value of, or null in a sequence.</summary>
    public string? ParentSub;

    public Content Content;

    public Id LastId => Length == 1 ? Id : new Id(Id.Client, Id.Clock + Length - 1);

    public override bool Deleted => (flags & DeletedFlag) != 0;

    public bool Countable => (flags & CountableFlag) != 0;

    public bool Keep
    {
        get => (flags & KeepFlag) != 0;
        set => flags = value ? (byte)(flags | KeepFlag) : (byte)(flags & ~KeepFlag);
    }

    public void MarkDeleted() => flags |= DeletedFlag;

    /// <summary>Whether a search marker of the parent points here.</summary>
    public bool IsMarked
    {
        get => (flags & MarkerFlag) != 0;
        set => flags = value ? (byte)(flags | MarkerFlag) : (byte)(flags & ~MarkerFlag);
    }

    /// <summary>The next item to the right that is not deleted.</summary>
    public Item? Next
    {
        get
        {
            var n = Right;
            while (n is not null && n.Deleted)
            {
                n = n.Right;
            }

            return n;
        }
    }

    public override uint? GetMissing(Transaction transaction, StructStore store)
    {
        if (Origin is { } o && o.Client != Id.Client && o.Clock >= store.GetState(o.Client))
        {
            return o.Client;
        }

        if (RightOrigin is { } ro && ro.Client != Id.Client && ro.Clock >= store.GetState(ro.Client))
        {
            return ro.Client;
        }

        if (ParentId is { } p && p.Client != Id.Client && p.Clock >= store.GetState(p.Client))
        {
            return p.Client;
        }

        // Every dependency is here: resolve the neighbours and the parent.
        StructBase? leftStruct = null;
        StructBase? rightStruct = null;
        if (Origin is { } origin)
        {
            leftStruct = store.GetItemCleanEnd(transaction, origin);
            Left = leftStruct as Item;
            Origin = new Id(leftStruct.Id.Client, leftStruct.EndClock - 1);
        }

        if (RightOrigin is { } rightOrigin)
        {
            rightStruct = store.GetItemCleanStart(transaction, rightOrigin);
            Right = rightStruct as Item;
            RightOrigin = rightStruct.Id;
        }

        if (leftStruct is GcStruct || rightStruct is GcStruct)
        {
            Parent = null;
            ParentId = null;
            ParentKey = null;
        }
        else if (ParentKey is not null)
        {
            Parent = transaction.Doc.GetOrCreateRoot(ParentKey);
            ParentKey = null;
        }
        else if (ParentId is { } parentId)
        {
            var parentStruct = store.Find(parentId);
            Parent = parentStruct is Item { Content: TypeContent tc } ? tc.Type : null;
            ParentId = null;
        }
        else if (Parent is null)
        {
            if (Left is not null)
            {
                Parent = Left.Parent;
                ParentSub = Left.ParentSub;
            }
            else if (Right is not null)
            {
                Parent = Right.Parent;
                ParentSub = Right.ParentSub;
            }
        }

        return null;
    }

    public override void Integrate(Transaction transaction, int offset)
    {
        var store = transaction.Doc.Store;
        if (offset > 0)
        {
            Id = Id with { Clock = Id.Clock + offset };
            var leftStruct = store.GetItemCleanEnd(transaction, new Id(Id.Client, Id.Clock - 1));
            Left = leftStruct as Item;
            Origin = new Id(leftStruct.Id.Client, leftStruct.EndClock - 1);
            Content = Content.Splice(offset);
            Length -= offset;
            if (Left is { } left && (left.Parent != Parent || left.ParentSub != ParentSub))
            {
                // The part we lacked continues an item of another list than the one its origin
                // named: no client writes that (a struct's clocks stay in one list), only a
                // hand-made update. yjs links it after its left neighbour while keeping the other
                // parent, so the doc holds a live item inside a type that may be deleted (its GC
                // then throws mid-transaction) and counts it in a list it is not in. We take the
                // parent the item is linked into, the one any peer decoding our state derives
                // from the same origin, so the doc stays consistent and round-trips.
                Parent = left.Parent;
                ParentSub = left.ParentSub;
            }
        }

        var parent = Parent;
        if (parent is null)
        {
            new GcStruct(Id, Length).Integrate(transaction, 0);
            return;
        }

        if ((Left is null && (Right is null || Right.Left is not null)) || (Left is not null && Left.Right != Right))
        {
            ResolveConflicts(parent, store);
        }

        if (Left is not null)
        {
            Right = Left.Right;
            Left.Right = this;
        }
        else
        {
            Item? r;
            if (ParentSub is not null)
            {
                parent.MapEntries.TryGetValue(ParentSub, out r);
                while (r?.Left is not null)
                {
                    r = r.Left;
                }
            }
            else
            {
                r = parent.Start;
                parent.Start = this;
            }

            Right = r;
        }

        if (Right is not null)
        {
            Right.Left = this;
        }
        else if (ParentSub is not null)
        {
            // The rightmost item of a key is its current value; the one before it is overwritten.
            var entries = parent.MapEntries;
            if (entries.Count == 0)
            {
                // A record holds several fields: room for 11 at once, rather than growing from 3
                // to 7 to 17 (two copies and the dictionary of a contact of 8 fields 35 % larger).
                entries.EnsureCapacity(YType.FirstMapCapacity);
            }

            entries[ParentSub] = this;
            Left?.Delete(transaction);
        }

        if (ParentSub is null)
        {
            if (Countable && !Deleted)
            {
                parent.ContentLength += Length;
            }

            if (!transaction.IsLocal)
            {
                // Local edits keep the cached positions up to date; remote ones do not.
                parent.ClearSearchMarker();
            }
        }

        store.AddStruct(this);
        Content.Integrate(transaction, this);
        transaction.AddChangedType(parent, ParentSub);
        if ((parent.Item is not null && parent.Item.Deleted) || (ParentSub is not null && Right is not null))
        {
            Delete(transaction);
        }
    }

    /// <summary>
    /// YATA: walk the items between our left and right origins that were inserted concurrently and
    /// decide where we go, exactly as yjs's Item.integrate does.
    /// </summary>
    private void ResolveConflicts(YType parent, StructStore store)
    {
        var left = Left;
        Item? o;
        if (left is not null)
        {
            o = left.Right;
        }
        else if (ParentSub is not null)
        {
            parent.MapEntries.TryGetValue(ParentSub, out o);
            while (o?.Left is not null)
            {
                o = o.Left;
            }
        }
        else
        {
            o = parent.Start;
        }

        // Made only when there is an item to walk: the first value of a map key (every field of a
        // contact applied to a fresh doc, w3) has none, and two sets for it were most of its cost.
        HashSet<Item>? conflictingItems = null;
        HashSet<Item>? itemsBeforeOrigin = null;
        while (o is not null && o != Right)
        {
            conflictingItems ??= [];
            itemsBeforeOrigin ??= [];
            itemsBeforeOrigin.Add(o);
            conflictingItems.Add(o);
            if (Origin == o.Origin)
            {
                if (o.Id.Client < Id.Client)
                {
                    left = o;
                    conflictingItems.Clear();
                }
                else if (RightOrigin == o.RightOrigin)
                {
                    // Same origins, and o's client is greater: we go to the left of o.
                    break;
                }
            }
            else if (o.Origin is { } oOrigin && store.Find(oOrigin) is Item oLeft && itemsBeforeOrigin.Contains(oLeft))
            {
                if (!conflictingItems.Contains(oLeft))
                {
                    left = o;
                    conflictingItems.Clear();
                }
            }
            else
            {
                break;
            }

            o = o.Right;
        }

        Left = left;
    }

    public void Delete(Transaction transaction)
    {
        if (Deleted)
        {
            return;
        }

        var parent = Parent!;
        if (Countable && ParentSub is null)
        {
            parent.ContentLength -= Length;
        }

        if (ParentSub is null && !transaction.IsLocal)
        {
            parent.ClearSearchMarker();
        }

        MarkDeleted();
        transaction.DeleteSet.Add(Id.Client, Id.Clock, Length);
        transaction.AddChangedType(parent, ParentSub);
        Content.Delete(transaction);
    }

    /// <summary>Drops the content of a deleted item; if its parent is gone too, the item becomes a GC struct.</summary>
    public void Gc(StructStore store, bool parentGCd)
    {
        if (!Deleted)
        {
            throw new InvalidOperationException("Only deleted items can be garbage-collected.");
        }

        Content.Gc(store);
        if (parentGCd)
        {
            store.ReplaceStruct(this, new GcStruct(Id, Length));
        }
        else
        {
            Content = new DeletedContent(Length);
        }
    }

    public override bool MergeWith(StructBase right)
    {
        if (right is Item r
            && CanGrowBy(r)
            && r.Origin == LastId
            && Right == r
            && RightOrigin == r.RightOrigin
            && Id.Client == r.Id.Client
            && Id.Clock + Length == r.Id.Clock
            && Deleted == r.Deleted
            && Content.GetType() == r.Content.GetType()
            && Content.MergeWith(r.Content))
        {
            Parent?.OnItemMerged(this, r);
            if (r.Keep)
            {
                Keep = true;
            }

            Right = r.Right;
            if (Right is not null)
            {
                Right.Left = this;
            }

            Length += r.Length;
            return true;
        }

        return false;
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        var origin = offset > 0 ? new Id(Id.Client, Id.Clock + offset - 1) : Origin;
        var info = (byte)((Content.Ref & 0x1F)
            | (origin is null ? 0 : 0x80)
            | (RightOrigin is null ? 0 : 0x40)
            | (ParentSub is null ? 0 : 0x20));
        writer.WriteInfo(info);
        if (origin is { } o)
        {
            writer.WriteId(o);
        }

        if (RightOrigin is { } ro)
        {
            writer.WriteId(ro);
        }

        if (origin is null && RightOrigin is null)
        {
            if (Parent is { } parent)
            {
                if (parent.Item is null)
                {
                    writer.WriteParentInfo(true);
                    writer.WriteString(parent.RootName ?? throw new InvalidOperationException("A root type without a name."));
                }
                else
                {
                    writer.WriteParentInfo(false);
                    writer.WriteId(parent.Item.Id);
                }
            }
            else if (ParentKey is not null)
            {
                writer.WriteParentInfo(true);
                writer.WriteString(ParentKey);
            }
            else if (ParentId is { } pid)
            {
                writer.WriteParentInfo(false);
                writer.WriteId(pid);
            }

            if (ParentSub is not null)
            {
                writer.WriteString(ParentSub);
            }
        }

        Content.Write(writer, offset);
    }

    /// <summary>yjs splitItem: cuts this item at <paramref name="diff"/> and links the right part in after it.</summary>
    public Item Split(Transaction transaction, int diff)
    {
        var rightItem = new Item(
            new Id(Id.Client, Id.Clock + diff),
            this,
            new Id(Id.Client, Id.Clock + diff - 1),
            Right,
            RightOrigin,
            Parent,
            ParentSub,
            Content.Splice(diff))
        {
            ParentId = ParentId,
            ParentKey = ParentKey,
        };
        if (Deleted)
        {
            rightItem.MarkDeleted();
        }

        if (Keep)
        {
            rightItem.Keep = true;
        }

        Right = rightItem;
        if (rightItem.Right is not null)
        {
            rightItem.Right.Left = rightItem;
        }

        transaction.MergeStructs.Add(rightItem);
        if (rightItem.ParentSub is not null && rightItem.Right is null && rightItem.Parent is not null)
        {
            rightItem.Parent.MapEntries[rightItem.ParentSub] = rightItem;
        }

        Length = diff;
        return rightItem;
    }
}
