using System.Text;

namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>
/// An .ics file cut into the parts an import needs, each with its line numbers: its VEVENT blocks (numbered in
/// file order), its VTIMEZONE definitions, and the problems found outside any event. Cutting the file first is what
/// lets one bad event be refused, with its line, while the others go through: Ical.Net parses a whole calendar or
/// nothing, and does not say where it failed.
/// </summary>
internal sealed class IcsFile
{
    private IcsFile(List<IcsBlock> events, Dictionary<string, IcsBlock> timeZones, List<(int Line, string Message)> problems)
    {
        Events = events;
        TimeZones = timeZones;
        Problems = problems;
    }

    /// <summary>The VEVENT blocks, BEGIN to END inclusive (with nested VALARMs).</summary>
    public IReadOnlyList<IcsBlock> Events { get; }

    /// <summary>The VTIMEZONE blocks by TZID.</summary>
    public IReadOnlyDictionary<string, IcsBlock> TimeZones { get; }

    /// <summary>Problems outside any event (stray or malformed lines, unclosed calendar), each with its line.</summary>
    public IReadOnlyList<(int Line, string Message)> Problems { get; }

    /// <summary>The problem reported for a file with nothing in it (empty, or blank lines only).</summary>
    public const string EmptyFile = "line 1: the file is empty: no calendar (BEGIN:VCALENDAR ... END:VCALENDAR) in it";

    /// <summary>Unfolds and cuts <paramref name="text"/>.</summary>
    public static IcsFile Parse(string text)
    {
        var events = new List<IcsBlock>();
        var timeZones = new Dictionary<string, IcsBlock>(StringComparer.Ordinal);
        var problems = new List<(int, string)>();
        var lines = Unfold(text).ToList();
        var sawCalendar = false;
        var depth = 0;
        List<IcsLine>? current = null;
        string? currentKind = null;
        var nesting = 0;
        foreach (var line in lines)
        {
            if (line.Text.Length == 0)
            {
                continue;
            }

            if (current is not null)
            {
                current.Add(line);
                if (line.Name == "BEGIN")
                {
                    nesting++;
                }
                else if (line.Name == "END")
                {
                    if (nesting > 0)
                    {
                        nesting--;
                        continue;
                    }

                    if (line.Is("END", currentKind!))
                    {
                        var block = new IcsBlock(events.Count + 1, current);
                        if (currentKind == "VEVENT")
                        {
                            events.Add(block);
                        }
                        else if (block.Lines.FirstOrDefault(l => l.Name == "TZID")?.Value is { } tzid)
                        {
                            timeZones[tzid.Trim()] = block;
                        }

                        current = null;
                    }
                    else if (line.Is("END", "VCALENDAR") && currentKind == "VEVENT")
                    {
                        // An event that never ended: refuse it (its block has no END) and close the calendar.
                        current.RemoveAt(current.Count - 1);
                        events.Add(new IcsBlock(events.Count + 1, current));
                        current = null;
                        depth--;
                    }
                }

                continue;
            }

            if (line.Is("BEGIN", "VCALENDAR"))
            {
                sawCalendar = true;
                depth++;
            }
            else if (line.Is("END", "VCALENDAR"))
            {
                depth--;
            }
            else if (depth > 0 && (line.Is("BEGIN", "VEVENT") || line.Is("BEGIN", "VTIMEZONE")))
            {
                currentKind = line.Value!.Trim().ToUpperInvariant();
                current = [line];
                nesting = 0;
            }
            else if (depth > 0 && line.Name == "BEGIN")
            {
                // Another component (VTODO, VJOURNAL, VFREEBUSY): not an event; skipped whole.
                currentKind = line.Value!.Trim().ToUpperInvariant();
                current = [line];
                nesting = 0;
            }
            else if (!line.IsWellFormed)
            {
                problems.Add((line.Number, $"line {line.Number}: '{Shorten(line.Text)}' is not an iCalendar content line (NAME:value)"));
            }
            else if (depth <= 0)
            {
                problems.Add((line.Number, $"line {line.Number}: '{Shorten(line.Text)}' is outside BEGIN:VCALENDAR ... END:VCALENDAR"));
            }
        }

        if (current is not null && currentKind == "VEVENT")
        {
            events.Add(new IcsBlock(events.Count + 1, current));
        }

        if (!sawCalendar)
        {
            // One clear message instead of one per line of whatever this file is; one rule for .ics and .vcf: a file
            // with nothing in it is refused, so a wrong or truncated file is noticed.
            problems = [(1, lines.All(l => string.IsNullOrWhiteSpace(l.Text)) ? EmptyFile : "line 1: not an iCalendar file: no BEGIN:VCALENDAR")];
        }

        return new IcsFile(events, timeZones, problems);
    }

    /// <summary>Unfolds physical lines (CRLF, LF or CR ends; a line starting with a space or tab continues the previous one).</summary>
    public static IEnumerable<IcsLine> Unfold(string text)
    {
        var builder = new StringBuilder();
        var start = 0;
        var number = 0;
        foreach (var raw in text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
        {
            number++;
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && start > 0)
            {
                builder.Append(raw, 1, raw.Length - 1);
                continue;
            }

            if (start > 0)
            {
                yield return new IcsLine(start, builder.ToString());
            }

            builder.Clear().Append(raw);
            start = number;
        }

        if (start > 0 && builder.Length > 0)
        {
            yield return new IcsLine(start, builder.ToString());
        }
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

/// <summary>A component's lines, BEGIN to END, and its position among the file's events.</summary>
internal sealed record IcsBlock(int Number, IReadOnlyList<IcsLine> Lines)
{
    public int Line => Lines[0].Number;

    /// <summary>The line its last logical line (normally END) starts on.</summary>
    public int LastLine => Lines[^1].Number;

    /// <summary>Whether the block ends with its END line.</summary>
    public bool IsClosed => Lines.Count > 1 && Lines[^1].Name == "END";

    /// <summary>The first line of the event's own property <paramref name="name"/> (not one inside a nested VALARM).</summary>
    public IcsLine? Find(string name)
    {
        var nesting = 0;
        foreach (var line in Lines.Skip(1))
        {
            if (line.Name == "BEGIN")
            {
                nesting++;
            }
            else if (line.Name == "END")
            {
                nesting--;
            }
            else if (nesting == 0 && line.Name == name)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The event's own lines of property <paramref name="name"/>, in order.</summary>
    public IEnumerable<IcsLine> FindAll(string name)
    {
        var nesting = 0;
        foreach (var line in Lines.Skip(1))
        {
            if (line.Name == "BEGIN")
            {
                nesting++;
            }
            else if (line.Name == "END")
            {
                nesting--;
            }
            else if (nesting == 0 && line.Name == name)
            {
                yield return line;
            }
        }
    }
}
