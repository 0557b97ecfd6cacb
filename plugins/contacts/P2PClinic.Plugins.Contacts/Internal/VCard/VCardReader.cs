using P2PClinic.Plugins.Text;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Reads the cards of a .vcf file one by one. A card with a malformed line is refused as a whole (its error
/// names the line) and reading goes on with the next card; text outside BEGIN:VCARD/END:VCARD is reported once
/// per run of such lines.
/// </summary>
internal sealed class VCardReader
{
    private readonly VCardLineSource _lines;
    private int _cardCount;

    public VCardReader(TextReader reader)
    {
        _lines = new VCardLineSource(reader);
    }

    /// <summary>Reads every card of <paramref name="text"/>.</summary>
    public static IReadOnlyList<VCardReadResult> ReadAll(string text)
    {
        using var reader = new StringReader(text);
        return [.. new VCardReader(reader).Read()];
    }

    public IEnumerable<VCardReadResult> Read()
    {
        int? strayLine = null;
        while (_lines.TryRead(out var line, out var number))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (IsMarker(line, "BEGIN"))
            {
                if (strayLine is { } stray)
                {
                    yield return new VCardReadResult(_cardCount + 1, stray, null, $"line {stray}: text outside BEGIN:VCARD ... END:VCARD", stray);
                    strayLine = null;
                }

                foreach (var result in ReadCard(number))
                {
                    yield return result;
                }

                continue;
            }

            strayLine ??= number;
        }

        if (strayLine is { } last)
        {
            yield return new VCardReadResult(_cardCount + 1, last, null, $"line {last}: text outside BEGIN:VCARD ... END:VCARD", last);
        }
    }

    /// <summary>Reads from after a BEGIN:VCARD; yields the card, or its error (and, after a nested BEGIN, the following card too).</summary>
    private IEnumerable<VCardReadResult> ReadCard(int beginLine)
    {
        while (true)
        {
            var number = ++_cardCount;
            var outcome = ReadCardBody(number, beginLine, out var nestedBeginLine);
            yield return outcome;
            if (nestedBeginLine is not { } next)
            {
                yield break;
            }

            beginLine = next;
        }
    }

    private VCardReadResult ReadCardBody(int number, int beginLine, out int? nestedBeginLine)
    {
        nestedBeginLine = null;
        var properties = new List<VCardProperty>();
        var notes = new List<VCardNote>();
        string? error = null;
        var errorLine = 0;
        var version = (VCardVersion?)null;
        var inBase64 = false;
        while (_lines.TryRead(out var line, out var lineNumber))
        {
            if (IsMarker(line, "END"))
            {
                return error is null
                    ? new VCardReadResult(number, beginLine, new VCardCard(number, beginLine, version ?? VCardVersion.V30, properties, notes), null)
                    : new VCardReadResult(number, beginLine, null, error, errorLine);
            }

            if (IsMarker(line, "BEGIN"))
            {
                nestedBeginLine = lineNumber;
                return new VCardReadResult(number, beginLine, null, $"line {beginLine}: the card has no END:VCARD before the next BEGIN:VCARD on line {lineNumber}", beginLine);
            }

            if (error is not null)
            {
                continue;
            }

            if (line.Length == 0)
            {
                // vCard 2.1 ends base64 data with a blank line; elsewhere blank lines carry nothing.
                inBase64 = false;
                continue;
            }

            if (inBase64 && !line.Contains(':', StringComparison.Ordinal))
            {
                // vCard 2.1 base64 (PHOTO) continues on unindented lines.
                continue;
            }

            inBase64 = false;
            try
            {
                var property = VCardContentLine.Parse(line, lineNumber);
                if (IsQuotedPrintable(property))
                {
                    property = DecodeQuotedPrintable(property, notes);
                }

                if (property.Name == "VERSION")
                {
                    version = ParseVersion(property);
                    continue;
                }

                inBase64 = version == VCardVersion.V21 && property.ParameterValues("ENCODING").Any(e => e.Equals("BASE64", StringComparison.OrdinalIgnoreCase));
                properties.Add(property);
            }
            catch (VCardSyntaxException e)
            {
                error = e.Message;
                errorLine = e.Line;
            }
        }

        return new VCardReadResult(number, beginLine, null, $"line {beginLine}: the card has no END:VCARD before the end of the file", beginLine);
    }

    private static VCardVersion ParseVersion(VCardProperty property) => property.Value.Trim() switch
    {
        "2.1" => VCardVersion.V21,
        "3.0" => VCardVersion.V30,
        "4.0" => VCardVersion.V40,
        var other => throw new VCardSyntaxException(property.Line, $"unsupported VERSION '{other}' (2.1, 3.0 and 4.0 are read)"),
    };

    private static bool IsQuotedPrintable(VCardProperty property) =>
        property.ParameterValues("ENCODING").Any(e => e.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase));

    private VCardProperty DecodeQuotedPrintable(VCardProperty property, List<VCardNote> notes)
    {
        var value = property.Value;
        // A soft line break joins the next physical line, which (unlike a fold) does not start with whitespace.
        while (QuotedPrintable.EndsWithSoftBreak(value) && _lines.TryRead(out var next, out _))
        {
            value = value[..^1] + next;
        }

        var charset = property.ParameterValues("CHARSET").FirstOrDefault();
        var decoded = QuotedPrintable.Decode(value, charset, property.Line, out var readAsWindows1252);
        if (readAsWindows1252)
        {
            notes.Add(new VCardNote(property.Line, ImportText.Warning([new(property.Line, $"{property.Name}:{decoded}")])));
        }

        // The decoded value still follows the usual escaping (2.1 writes "\;" and literal ';' separators); only its
        // encoded line breaks (=0D=0A) become the newline a "\n" escape would give.
        return property with
        {
            Value = decoded.ReplaceLineEndings("\n"),
            Parameters = [.. property.Parameters.Where(p => p.Name is not ("ENCODING" or "CHARSET"))],
        };
    }

    private static bool IsMarker(string line, string marker)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon == marker.Length
            && line.AsSpan(0, colon).Equals(marker, StringComparison.OrdinalIgnoreCase)
            && line.AsSpan(colon + 1).Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase);
    }
}
