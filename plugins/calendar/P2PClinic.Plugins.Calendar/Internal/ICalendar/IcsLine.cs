namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>One content line of an .ics file after unfolding (RFC 5545 section 3.1), with the line number it starts on.</summary>
/// <param name="Number">The 1-based number of its first physical line.</param>
/// <param name="Text">The unfolded line.</param>
internal sealed record IcsLine(int Number, string Text)
{
    /// <summary>The property name (before the first ';' or ':'), upper-cased; empty when the line has none.</summary>
    public string Name
    {
        get
        {
            var end = Text.IndexOfAny([';', ':']);
            return end <= 0 ? "" : Text[..end].Trim().ToUpperInvariant();
        }
    }

    /// <summary>The value after the first ':' outside a quoted parameter value; null when there is none.</summary>
    public string? Value
    {
        get
        {
            var colon = ValueStart();
            return colon < 0 ? null : Text[(colon + 1)..];
        }
    }

    /// <summary>
    /// Whether the line has the shape of a content line: name *(";" param) ":" value (RFC 5545 section 3.1), names
    /// being letters, digits and dashes.
    /// </summary>
    public bool IsWellFormed
    {
        get
        {
            var name = Name;
            return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && Value is not null;
        }
    }

    /// <summary>The value of parameter <paramref name="name"/> (unquoted), or null when the line has none.</summary>
    public string? Parameter(string name) =>
        Parameters().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (string?)p.Value).FirstOrDefault();

    /// <summary>The line with parameter <paramref name="name"/> set to <paramref name="value"/> (quoted when it needs to be).</summary>
    public IcsLine WithParameter(string name, string value)
    {
        var colon = ValueStart();
        var parts = Parameters().Select(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) ? (p.Name, Value: value) : p);
        string Quote(string v) => v.IndexOfAny([':', ';', ',']) >= 0 ? $"\"{v}\"" : v;
        var head = string.Concat(Text[..Text.IndexOfAny([';', ':'])], string.Concat(parts.Select(p => $";{p.Name}={Quote(p.Value)}")));
        return this with { Text = head + Text[colon..] };
    }

    /// <summary>The parameters between the name and the value, in order.</summary>
    public IEnumerable<(string Name, string Value)> Parameters()
    {
        var colon = ValueStart();
        var nameEnd = Text.IndexOfAny([';', ':']);
        if (colon < 0 || nameEnd < 0 || nameEnd >= colon)
        {
            yield break;
        }

        var segment = new System.Text.StringBuilder();
        var quoted = false;
        var list = new List<string>();
        foreach (var c in Text[(nameEnd + 1)..colon])
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                list.Add(segment.ToString());
                segment.Clear();
            }
            else
            {
                segment.Append(c);
            }
        }

        list.Add(segment.ToString());
        foreach (var p in list)
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0 ? (p, "") : (p[..eq], p[(eq + 1)..]);
        }
    }

    /// <summary>Whether this line is <c>BEGIN:</c>/<c>END:</c> <paramref name="component"/>.</summary>
    public bool Is(string keyword, string component) =>
        Name == keyword && string.Equals(Value?.Trim(), component, StringComparison.OrdinalIgnoreCase);

    /// <summary>The index of the ':' that starts the value (outside quoted parameter values), or -1.</summary>
    private int ValueStart()
    {
        var quoted = false;
        for (var i = 0; i < Text.Length; i++)
        {
            switch (Text[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case ':' when !quoted:
                    return i;
            }
        }

        return -1;
    }
}
