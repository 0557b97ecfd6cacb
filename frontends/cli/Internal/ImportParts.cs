namespace P2PClinic.Cli.Internal;

/// <summary>
/// Cuts an import file (.vcf, .ics) into parts the node takes in one message (it bounds a request at 4 MiB), at card
/// and event boundaries, so a file of any size imports. Bytes are never decoded or changed: the node still sees every
/// card as the file has it, so what it reports (a bad card, invalid UTF-8) is reported as before, with the card or
/// event number and the line of the whole file.
/// </summary>
internal static class ImportParts
{
    /// <summary>Under the node's 4 MiB message limit with room for the request's other fields.</summary>
    public const int MaxPartBytes = 3 * 1024 * 1024;

    /// <summary>One part: its bytes and, per line and per item (card, event) of the part, the 1-based number in the file.</summary>
    internal sealed record Part(byte[] Bytes, int[] FileLines, int[] FileItems)
    {
        public int FileLine(int partLine) => partLine >= 1 && partLine <= FileLines.Length ? FileLines[partLine - 1] : partLine;

        public int FileItem(int partItem) => partItem >= 1 && partItem <= FileItems.Length ? FileItems[partItem - 1] : partItem;
    }

    /// <summary>A .vcf in parts of whole cards; the file as one part when it fits.</summary>
    public static IReadOnlyList<Part> SplitVCards(byte[] file, int maxPartBytes = MaxPartBytes)
    {
        var lines = Lines(file);
        if (file.Length <= maxPartBytes)
        {
            return [Whole(file, lines, "BEGIN:VCARD")];
        }

        // Units: whatever precedes the first card goes with it; each card runs to the next BEGIN:VCARD.
        var starts = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (StartsWith(file, lines[i], "BEGIN:VCARD"))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return [Whole(file, lines, "BEGIN:VCARD")];
        }

        starts[0] = 0;
        var units = starts.Select((start, n) => new Unit([(start, n + 1 < starts.Count ? starts[n + 1] : lines.Count)], [n + 1])).ToList();
        return Pack(file, lines, header: [], units, footer: [], maxPartBytes);
    }

    /// <summary>
    /// An .ics in parts of whole events, each part a calendar of its own: the calendar's own lines and every
    /// VTIMEZONE (and any other non-event component) in each, and an event's overrides (RECURRENCE-ID, same UID)
    /// always in the part of the event they belong to.
    /// </summary>
    public static IReadOnlyList<Part> SplitCalendar(byte[] file, int maxPartBytes = MaxPartBytes)
    {
        var lines = Lines(file);
        if (file.Length <= maxPartBytes)
        {
            return [Whole(file, lines, "BEGIN:VEVENT")];
        }

        var header = new List<int>();
        var footer = new List<int>();
        var byUid = new Dictionary<string, Unit>(StringComparer.Ordinal);
        var units = new List<Unit>();
        var eventNumber = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (StartsWith(file, lines[i], "BEGIN:VEVENT"))
            {
                var end = i;
                string? uid = null;
                while (end < lines.Count - 1 && !StartsWith(file, lines[end], "END:VEVENT"))
                {
                    end++;
                    if (uid is null && StartsWith(file, lines[end], "UID:"))
                    {
                        uid = System.Text.Encoding.UTF8.GetString(file, lines[end].Start + 4, lines[end].Length - 4).Trim();
                    }
                }

                eventNumber++;
                var range = (i, end + 1);
                if (uid is not null && byUid.TryGetValue(uid, out var master))
                {
                    master.Ranges.Add(range);
                    master.Items.Add(eventNumber);
                }
                else
                {
                    var unit = new Unit([range], [eventNumber]);
                    units.Add(unit);
                    if (uid is not null)
                    {
                        byUid[uid] = unit;
                    }
                }

                i = end;
            }
            else if (StartsWith(file, lines[i], "END:VCALENDAR"))
            {
                footer.Add(i);
            }
            else
            {
                header.Add(i);
            }
        }

        return units.Count == 0 ? [Whole(file, lines, "BEGIN:VEVENT")] : Pack(file, lines, header, units, footer, maxPartBytes);
    }

    private static IReadOnlyList<Part> Pack(byte[] file, List<Line> lines, List<int> header, List<Unit> units, List<int> footer, int maxPartBytes)
    {
        var fixedBytes = header.Concat(footer).Sum(i => lines[i].Length);
        var parts = new List<Part>();
        var current = new List<Unit>();
        var currentBytes = fixedBytes;
        foreach (var unit in units)
        {
            var size = unit.Ranges.Sum(r => lines[r.End - 1].End - lines[r.Start].Start);
            if (current.Count > 0 && currentBytes + size > maxPartBytes)
            {
                parts.Add(Build(file, lines, header, current, footer));
                current = [];
                currentBytes = fixedBytes;
            }

            current.Add(unit);
            currentBytes += size;
        }

        parts.Add(Build(file, lines, header, current, footer));
        return parts;
    }

    private static Part Build(byte[] file, List<Line> lines, List<int> header, List<Unit> units, List<int> footer)
    {
        // Lines in part order: the calendar's own lines, the units' lines, the closing line.
        var order = new List<int>(header);
        foreach (var unit in units)
        {
            foreach (var (start, end) in unit.Ranges)
            {
                order.AddRange(Enumerable.Range(start, end - start));
            }
        }

        order.AddRange(footer);
        using var bytes = new MemoryStream();
        foreach (var i in order)
        {
            bytes.Write(file, lines[i].Start, lines[i].Length);
        }

        return new Part(bytes.ToArray(), [.. order.Select(i => i + 1)], [.. units.SelectMany(u => u.Items).Order()]);
    }

    private static Part Whole(byte[] file, List<Line> lines, string itemStart)
    {
        var items = Enumerable.Range(1, lines.Count(l => StartsWith(file, l, itemStart))).ToArray();
        return new Part(file, [.. Enumerable.Range(1, lines.Count)], items);
    }

    /// <summary>Lines with their ends (LF or CRLF) included, so the parts join back to the file's exact bytes.</summary>
    private static List<Line> Lines(byte[] file)
    {
        var lines = new List<Line>();
        var start = 0;
        for (var i = 0; i < file.Length; i++)
        {
            if (file[i] == (byte)'\n')
            {
                lines.Add(new Line(start, i + 1 - start));
                start = i + 1;
            }
        }

        if (start < file.Length)
        {
            lines.Add(new Line(start, file.Length - start));
        }

        return lines;
    }

    /// <summary>Whether the line starts with an ASCII keyword, ignoring case and a byte order mark.</summary>
    private static bool StartsWith(byte[] file, Line line, string keyword)
    {
        var at = line.Start;
        if (at == 0 && file.Length >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF)
        {
            at = 3;
        }

        if (line.End - at < keyword.Length)
        {
            return false;
        }

        for (var k = 0; k < keyword.Length; k++)
        {
            if (char.ToUpperInvariant((char)file[at + k]) != keyword[k])
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Line(int Start, int Length)
    {
        public int End => Start + Length;
    }

    /// <summary>What must travel together: a card, or an event with its overrides (their line ranges, end exclusive, and item numbers).</summary>
    private sealed record Unit(List<(int Start, int End)> Ranges, List<int> Items);
}
