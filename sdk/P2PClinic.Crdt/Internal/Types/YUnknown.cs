namespace P2PClinic.Crdt.Internal;

/// <summary>
/// A root type that updates created before anyone asked for it by kind (yjs's plain
/// AbstractType). <see cref="Doc.GetMap"/> and friends turn it into the typed root.
/// </summary>
internal sealed class YUnknown : YType
{
    public override YTypeKind Kind => YTypeKind.Unknown;

    internal override byte TypeRef => throw new InvalidOperationException("A root of unknown kind is never nested.");

    /// <summary>What the content says this root is.</summary>
    public YTypeKind GuessKind()
    {
        if (MapEntries.Count > 0)
        {
            return YTypeKind.Map;
        }

        var sawContent = false;
        for (var n = Start; n is not null; n = n.Right)
        {
            switch (n.Content)
            {
                case TextContent or FormatContent or EmbedContent:
                    return YTypeKind.Text;
                case DeletedContent:
                    break;
                default:
                    sawContent = true;
                    break;
            }
        }

        return sawContent ? YTypeKind.Array : YTypeKind.Unknown;
    }

    public override object? ToJson() => GuessKind() switch
    {
        YTypeKind.Map => MapToJson(),
        YTypeKind.Text => TextOf(this),
        _ => SequenceValues().ConvertAll(ValueToJson).ToArray(),
    };

    private static string TextOf(YType type)
    {
        var sb = new System.Text.StringBuilder();
        for (var n = type.Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Content is TextContent s)
            {
                s.AppendTo(sb);
            }
        }

        return sb.ToString();
    }
}

/// <summary>
/// Y.XmlElement, Y.XmlFragment, Y.XmlHook and Y.XmlText: decoded, integrated and re-encoded
/// faithfully so documents that hold them still sync, but not editable through this API.
/// </summary>
internal sealed class YXmlType(YTypeKind kind, byte typeRef, string? nodeName) : YType
{
    public const byte ElementRef = 3;
    public const byte FragmentRef = 4;
    public const byte HookRef = 5;
    public const byte TextRef = 6;

    public override YTypeKind Kind => kind;

    internal override byte TypeRef => typeRef;

    internal override void WriteTypeRef(UpdateWriter writer)
    {
        writer.WriteTypeRef(typeRef);
        if (typeRef is ElementRef or HookRef)
        {
            writer.WriteKey(nodeName ?? string.Empty);
        }
    }

    public override object? ToJson()
    {
        var sb = new System.Text.StringBuilder();
        if (kind == YTypeKind.XmlElement)
        {
            sb.Append('<').Append(nodeName).Append('>');
        }

        foreach (var value in SequenceValues())
        {
            sb.Append(value is YType t ? t.ToJson() : value);
        }

        if (kind == YTypeKind.XmlElement)
        {
            sb.Append("</").Append(nodeName).Append('>');
        }

        return sb.ToString();
    }
}
