using System.Text;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>What an item holds. The reference numbers are the content refs of the update format.</summary>
internal abstract class Content
{
    public abstract byte Ref { get; }

    public abstract int Length { get; }

    /// <summary>Whether the content counts toward its parent's length (formats and deletions do not).</summary>
    public virtual bool Countable => true;

    /// <summary>Cuts the content at <paramref name="offset"/>, keeping the left part and returning the right.</summary>
    public abstract Content Splice(int offset);

    /// <summary>Appends <paramref name="right"/> to this content if the kind allows it (yjs mergeWith).</summary>
    public virtual bool MergeWith(Content right) => false;

    public virtual void Integrate(Transaction transaction, Item item)
    {
    }

    public virtual void Delete(Transaction transaction)
    {
    }

    public virtual void Gc(StructStore store)
    {
    }

    public abstract void Write(UpdateWriter writer, int offset);

    /// <summary>The user-visible values, one per unit of length.</summary>
    public abstract void AppendValues(List<object?> into);

    /// <summary>Reads one content body given the low 5 bits of the info byte (yjs contentRefs).</summary>
    public static Content Read(Lib0Reader reader, int contentRef)
    {
        switch (contentRef)
        {
            case DeletedContent.RefNumber:
                {
                    var length = reader.ReadLength("deleted length");
                    if (length == 0)
                    {
                        throw new CrdtFormatException("A deleted content has length 0.");
                    }

                    return new DeletedContent(length);
                }

            case JsonContent.RefNumber:
                {
                    var count = reader.ReadCount("JSON content length");
                    if (count == 0)
                    {
                        throw new CrdtFormatException("A JSON content is empty.");
                    }

                    var raw = new List<string>(count);
                    for (var i = 0; i < count; i++)
                    {
                        raw.Add(reader.ReadVarString());
                    }

                    return JsonContent.FromRaw(raw);
                }

            case BinaryContent.RefNumber:
                return new BinaryContent(reader.ReadVarUint8Array());
            case TextContent.RefNumber:
                {
                    var s = reader.ReadVarString();
                    if (s.Length == 0)
                    {
                        throw new CrdtFormatException("A string content is empty.");
                    }

                    return new TextContent(s);
                }

            case EmbedContent.RefNumber:
                {
                    var raw = reader.ReadVarString();
                    return new EmbedContent(JsonText.Parse(raw), raw);
                }

            case FormatContent.RefNumber:
                {
                    var key = reader.ReadVarString();
                    var raw = reader.ReadVarString();
                    return new FormatContent(key, JsonText.Parse(raw), raw);
                }

            case TypeContent.RefNumber:
                return new TypeContent(YType.ReadPrelim(reader));
            case AnyContent.RefNumber:
                {
                    var count = reader.ReadCount("any content length");
                    if (count == 0)
                    {
                        throw new CrdtFormatException("An any content is empty.");
                    }

                    if (count == 1)
                    {
                        var start = reader.Position;
                        reader.SawBigInt = false;
                        var value = reader.ReadAny();
                        return reader.SawBigInt
                            ? new AnyContent([value], [reader.Data.AsSpan(start, reader.Position - start).ToArray()])
                            : new AnyContent(value);
                    }

                    var values = new List<object?>(count);
                    List<byte[]?>? raw = null;
                    for (var i = 0; i < count; i++)
                    {
                        var start = reader.Position;
                        reader.SawBigInt = false;
                        values.Add(reader.ReadAny());
                        if (reader.SawBigInt)
                        {
                            raw ??= [.. new byte[]?[i]];
                            raw.Add(reader.Data.AsSpan(start, reader.Position - start).ToArray());
                        }
                        else
                        {
                            raw?.Add(null);
                        }
                    }

                    return new AnyContent(values, raw);
                }

            case DocContent.RefNumber:
                {
                    var guid = reader.ReadVarString();
                    var options = reader.ReadAny();
                    return new DocContent(guid, options);
                }

            default:
                throw new CrdtFormatException($"Unknown content type {contentRef}.");
        }
    }
}

/// <summary>Content that was deleted and dropped; only its length remains (ref 1).</summary>
internal sealed class DeletedContent(int length) : Content
{
    public const byte RefNumber = 1;
    private int length = length;

    public override byte Ref => RefNumber;

    public override int Length => length;

    public override bool Countable => false;

    public override Content Splice(int offset)
    {
        var right = new DeletedContent(length - offset);
        length = offset;
        return right;
    }

    public override bool MergeWith(Content right)
    {
        length += right.Length;
        return true;
    }

    public override void Integrate(Transaction transaction, Item item)
    {
        transaction.DeleteSet.Add(item.Id.Client, item.Id.Clock, length);
        item.MarkDeleted();
    }

    public override void Write(UpdateWriter writer, int offset) => writer.WriteLength(length - offset);

    public override void AppendValues(List<object?> into)
    {
    }
}

/// <summary>Values stored as JSON strings, as old yjs versions wrote them (ref 2). The raw text is kept so re-encoding is exact.</summary>
internal sealed class JsonContent : Content
{
    public const byte RefNumber = 2;
    private readonly List<string> raw;
    private readonly List<object?> values;

    private JsonContent(List<string> raw, List<object?> values)
    {
        this.raw = raw;
        this.values = values;
    }

    public static JsonContent FromRaw(List<string> raw)
    {
        var values = new List<object?>(raw.Count);
        foreach (var r in raw)
        {
            values.Add(JsonText.Parse(r));
        }

        return new JsonContent(raw, values);
    }

    public override byte Ref => RefNumber;

    public override int Length => values.Count;

    public override Content Splice(int offset)
    {
        var right = new JsonContent(raw.GetRange(offset, raw.Count - offset), values.GetRange(offset, values.Count - offset));
        raw.RemoveRange(offset, raw.Count - offset);
        values.RemoveRange(offset, values.Count - offset);
        return right;
    }

    public override bool MergeWith(Content right)
    {
        var other = (JsonContent)right;
        raw.AddRange(other.raw);
        values.AddRange(other.values);
        return true;
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        writer.WriteLength(raw.Count - offset);
        for (var i = offset; i < raw.Count; i++)
        {
            writer.WriteString(raw[i]);
        }
    }

    public override void AppendValues(List<object?> into)
    {
        foreach (var v in values)
        {
            into.Add(v is Undefined ? null : v);
        }
    }
}

/// <summary>One binary value (ref 3).</summary>
internal sealed class BinaryContent(byte[] bytes) : Content
{
    public const byte RefNumber = 3;

    public byte[] Bytes { get; } = bytes;

    public override byte Ref => RefNumber;

    public override int Length => 1;

    public override Content Splice(int offset) => throw new InvalidOperationException("Binary content has length 1.");

    public override void Write(UpdateWriter writer, int offset) => writer.WriteBuffer(Bytes);

    public override void AppendValues(List<object?> into) => into.Add(Bytes);
}

/// <summary>
/// Text (ref 4). Length counts UTF-16 code units as JavaScript does. Appends go to a builder so a
/// long run of one-character inserts merges in linear time, and the right half of a split is a
/// slice of the same characters (copied only when read), so k splits walking along one long
/// string cost O(n + k), not a copy of the rest of the string each (a delete set of 80,000
/// one-character ranges over one long insert took 24 s that way).
/// </summary>
internal sealed class TextContent : Content
{
    public const byte RefNumber = 4;
    private string? text;
    private StringBuilder? builder;
    private ReadOnlyMemory<char> slice;

    public TextContent(string text)
    {
        this.text = text;
    }

    private TextContent(ReadOnlyMemory<char> slice)
    {
        this.slice = slice;
    }

    public override byte Ref => RefNumber;

    public override int Length => text?.Length ?? builder?.Length ?? slice.Length;

    public string Text => text ??= builder?.ToString() ?? new string(slice.Span);

    public void AppendTo(StringBuilder sb) => AppendToBuilder(sb);

    public override Content Splice(int offset)
    {
        ReadOnlyMemory<char> s = text is not null ? text.AsMemory() : builder is not null ? Text.AsMemory() : slice;
        builder = null;
        slice = default;

        // Cutting a surrogate pair leaves two lone halves; yjs replaces both with U+FFFD.
        if (char.IsHighSurrogate(s.Span[offset - 1]))
        {
            text = string.Concat(s.Span[..(offset - 1)], "\uFFFD");
            return new TextContent(string.Concat("\uFFFD", s.Span[(offset + 1)..]));
        }

        text = new string(s.Span[..offset]);
        return new TextContent(s[offset..]);
    }

    public override bool MergeWith(Content right)
    {
        var other = (TextContent)right;
        if (builder is null)
        {
            var started = new StringBuilder(Length + other.Length);
            AppendToBuilder(started);
            builder = started;
        }

        text = null;
        slice = default;
        other.AppendToBuilder(builder);
        return true;
    }

    private void AppendToBuilder(StringBuilder target)
    {
        if (text is not null)
        {
            target.Append(text);
        }
        else if (builder is not null)
        {
            target.Append(builder);
        }
        else
        {
            target.Append(slice.Span);
        }
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        var s = Text;
        writer.WriteString(offset == 0 ? s : s[offset..]);
    }

    public override void AppendValues(List<object?> into)
    {
        foreach (var c in Text)
        {
            into.Add(c.ToString());
        }
    }
}

/// <summary>An embedded object in a text, stored as JSON (ref 5).</summary>
internal sealed class EmbedContent(object? value, string raw) : Content
{
    public const byte RefNumber = 5;

    public object? Value { get; } = value;

    public override byte Ref => RefNumber;

    public override int Length => 1;

    public override Content Splice(int offset) => throw new InvalidOperationException("Embed content has length 1.");

    public override void Write(UpdateWriter writer, int offset) => writer.WriteJson(raw);

    public override void AppendValues(List<object?> into) => into.Add(Value);
}

/// <summary>A formatting mark in a text: from here on, attribute Key has Value (ref 6); not countable.</summary>
internal sealed class FormatContent(string key, object? value, string raw) : Content
{
    public const byte RefNumber = 6;

    public string Key { get; } = key;

    public object? Value { get; } = value;

    public override byte Ref => RefNumber;

    public override int Length => 1;

    public override bool Countable => false;

    public override Content Splice(int offset) => throw new InvalidOperationException("Format content has length 1.");

    public override void Integrate(Transaction transaction, Item item)
    {
        item.Parent?.ClearSearchMarker();
        if (item.Parent is YText text)
        {
            text.HasFormatting = true;
        }
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        writer.WriteKey(Key);
        writer.WriteJson(raw);
    }

    public override void AppendValues(List<object?> into)
    {
    }
}

/// <summary>A nested shared type (ref 7).</summary>
internal sealed class TypeContent(YType type) : Content
{
    public const byte RefNumber = 7;

    public YType Type { get; } = type;

    public override byte Ref => RefNumber;

    public override int Length => 1;

    public override Content Splice(int offset) => throw new InvalidOperationException("Type content has length 1.");

    public override void Integrate(Transaction transaction, Item item) => Type.IntegrateInto(transaction.Doc, item);

    /// <summary>Deleting a type deletes everything in it (yjs ContentType.delete).</summary>
    public override void Delete(Transaction transaction)
    {
        for (var item = Type.Start; item is not null; item = item.Right)
        {
            if (!item.Deleted)
            {
                item.Delete(transaction);
            }
            else if (item.Id.Clock < transaction.BeforeState.GetValueOrDefault(item.Id.Client))
            {
                // Deleted before this transaction: it may now merge with a neighbour.
                transaction.MergeStructs.Add(item);
            }
        }

        foreach (var item in Type.MapEntries.Values)
        {
            if (!item.Deleted)
            {
                item.Delete(transaction);
            }
            else if (item.Id.Clock < transaction.BeforeState.GetValueOrDefault(item.Id.Client))
            {
                transaction.MergeStructs.Add(item);
            }
        }

        transaction.Changed.Remove(Type);
    }

    public override void Gc(StructStore store)
    {
        for (var item = Type.Start; item is not null; item = item.Right)
        {
            item.Gc(store, parentGCd: true);
        }

        Type.Start = null;
        foreach (var last in Type.MapEntries.Values)
        {
            for (var item = last; item is not null; item = item.Left)
            {
                item.Gc(store, parentGCd: true);
            }
        }

        Type.MapEntries.Clear();
    }

    public override void Write(UpdateWriter writer, int offset) => Type.WriteTypeRef(writer);

    public override void AppendValues(List<object?> into) => into.Add(Type);
}

/// <summary>
/// Plain values in lib0's Any encoding (ref 8). A value holding a BigInt keeps its original
/// bytes, since .NET has no separate BigInt value to re-encode it from. One value (what a map
/// set makes: nearly every item of a contact book) is held by itself, without a list and its
/// array (issue 16: 64 bytes less per field, in memory and per one-field transaction).
/// </summary>
internal sealed class AnyContent : Content
{
    public const byte RefNumber = 8;

    /// <summary>The only value while <see cref="many"/> is null.</summary>
    private object? single;

    /// <summary>All values, once there are more than one (or ever were: a splice keeps the list).</summary>
    private List<object?>? many;

    private List<byte[]?>? raw;

    public AnyContent(object? value) => single = value;

    public AnyContent(List<object?> values, List<byte[]?>? raw = null)
    {
        if (values.Count == 1 && raw is null)
        {
            single = values[0];
        }
        else
        {
            many = values;
        }

        this.raw = raw;
    }

    public override byte Ref => RefNumber;

    public override int Length => many?.Count ?? 1;

    /// <summary>The last value (a map entry's value).</summary>
    public object? Last => many is null ? single : many[^1];

    private object? this[int index] => many is null ? single : many[index];

    public override Content Splice(int offset)
    {
        var values = Values();
        var right = new AnyContent(values.GetRange(offset, values.Count - offset), raw?.GetRange(offset, raw.Count - offset));
        values.RemoveRange(offset, values.Count - offset);
        raw?.RemoveRange(offset, raw.Count - offset);
        return right;
    }

    public override bool MergeWith(Content right)
    {
        var other = (AnyContent)right;
        var values = Values();
        if (raw is not null || other.raw is not null)
        {
            raw ??= [.. new byte[]?[values.Count]];
            if (other.raw is not null)
            {
                raw.AddRange(other.raw);
            }
            else
            {
                raw.AddRange(new byte[]?[other.Length]);
            }
        }

        if (other.many is null)
        {
            values.Add(other.single);
        }
        else
        {
            values.AddRange(other.many);
        }

        return true;
    }

    public override void Write(UpdateWriter writer, int offset)
    {
        var length = Length;
        writer.WriteLength(length - offset);
        for (var i = offset; i < length; i++)
        {
            if (raw?[i] is { } bytes)
            {
                writer.Rest.WriteBytes(bytes);
            }
            else
            {
                writer.WriteAny(this[i]);
            }
        }
    }

    public override void AppendValues(List<object?> into)
    {
        var length = Length;
        for (var i = 0; i < length; i++)
        {
            var v = this[i];
            into.Add(v is Undefined ? null : v);
        }
    }

    /// <summary>The values as a list to edit in place, made from the single value on first need.</summary>
    private List<object?> Values()
    {
        if (many is null)
        {
            many = [single];
            single = null;
        }

        return many;
    }
}

/// <summary>
/// A subdocument reference (ref 9). Subdocuments are not loaded by this engine; the reference is
/// kept and re-encoded unchanged.
/// </summary>
internal sealed class DocContent(string guid, object? options) : Content
{
    public const byte RefNumber = 9;

    public string Guid { get; } = guid;

    public object? Options { get; } = options;

    public override byte Ref => RefNumber;

    public override int Length => 1;

    public override Content Splice(int offset) => throw new InvalidOperationException("Doc content has length 1.");

    public override void Write(UpdateWriter writer, int offset)
    {
        writer.WriteString(Guid);
        writer.WriteAny(Options);
    }

    public override void AppendValues(List<object?> into) => into.Add(null);
}
