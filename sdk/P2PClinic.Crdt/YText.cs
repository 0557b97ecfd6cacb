using System.Text;
using P2PClinic.Crdt.Internal;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>
/// Shared text. Indices and lengths count UTF-16 code units, as JavaScript strings do, so they
/// agree with yjs. Formatting attributes are kept as format marks in the sequence.
/// </summary>
public sealed class YText : YType
{
    internal const byte RefNumber = 2;

    private StringBuilder? prelim;

    /// <summary>Creates a prelim text, optionally with initial content; insert it into a document to share it.</summary>
    public YText(string? initial = null)
    {
        prelim = new StringBuilder(initial ?? string.Empty);
    }

    /// <inheritdoc />
    public override YTypeKind Kind => YTypeKind.Text;

    internal override byte TypeRef => RefNumber;

    /// <summary>Set once a format mark was integrated: from then on positions are found by walking from the start, so attributes are known.</summary>
    internal bool HasFormatting { get; set; }

    internal override bool UsesSearchMarker => !HasFormatting;

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length => prelim?.Length ?? ContentLength;

    /// <summary>
    /// Inserts <paramref name="text"/> at <paramref name="index"/>. Without attributes the text
    /// takes the formatting around it; with attributes, exactly those (null removes one).
    /// </summary>
    public void Insert(int index, string text, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (index < 0 || index > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be between 0 and the length {Length}.");
        }

        List<KeyValuePair<string, object?>>? attrs = null;
        if (attributes is not null)
        {
            attrs = [];
            foreach (var (k, v) in attributes)
            {
                if (v is YType)
                {
                    throw new ArgumentException($"The attribute '{k}' holds a shared type; attributes are plain values.", nameof(attributes));
                }

                attrs.Add(new(k, NormalizeValue(v)));
            }
        }

        if (prelim is not null)
        {
            prelim.Insert(index, text);
            return;
        }

        if (text.Length == 0)
        {
            return;
        }

        RequireDoc().Transact(t =>
        {
            var pos = TextPosition.Find(t, this, index, useMarker: attrs is null);
            attrs ??= [.. pos.CurrentAttributes];
            TextFormatting.InsertText(t, this, pos, new TextContent(text), attrs);
        });
    }

    /// <summary>Deletes <paramref name="length"/> code units from <paramref name="index"/> on.</summary>
    public void Delete(int index, int length)
    {
        if (index < 0 || length < 0 || index + (long)length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The range [{index}, {index + (long)length}) is outside the text of length {Length}.");
        }

        if (prelim is not null)
        {
            prelim.Remove(index, length);
            return;
        }

        if (length == 0)
        {
            return;
        }

        RequireDoc().Transact(t =>
        {
            var pos = TextPosition.Find(t, this, index, useMarker: true);
            TextFormatting.DeleteText(t, this, pos, length);
        });
    }

    /// <summary>The text without formatting.</summary>
    public override string ToString()
    {
        if (prelim is not null)
        {
            return prelim.ToString();
        }

        var sb = new StringBuilder(ContentLength);
        for (var n = Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Content is TextContent s)
            {
                s.AppendTo(sb);
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public override object? ToJson() => ToString();

    internal override void IntegrateInto(Doc doc, Item? item)
    {
        base.IntegrateInto(doc, item);
        var pending = prelim;
        prelim = null;
        if (pending is { Length: > 0 })
        {
            Insert(0, pending.ToString());
        }
    }

    internal override void AfterObservers(Transaction transaction)
    {
        // A remote change may leave duplicate format marks; yjs cleans them up after the observers.
        if (!transaction.IsLocal && HasFormatting)
        {
            transaction.NeedFormattingCleanup = true;
        }
    }

    internal static FormatContent Format(string key, object? value) => new(key, value, JsonText.Stringify(value));
}
