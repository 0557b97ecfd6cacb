namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// One content line of a card (RFC 6350 section 3.3, RFC 2426 section 4): <c>[group.]NAME;PARAM=v,v:value</c>,
/// unfolded, with quoted-printable already decoded; the value is still escaped as it was written.
/// </summary>
/// <param name="Group">The group (e.g. Apple's <c>item1</c>), or empty.</param>
/// <param name="Name">The property name, upper case.</param>
/// <param name="Parameters">The parameters, names upper case, values as written (unquoted, RFC 6868 carets decoded).</param>
/// <param name="Value">The raw value, escapes kept.</param>
/// <param name="Line">The physical line where the property starts (1-based).</param>
internal sealed record VCardProperty(string Group, string Name, IReadOnlyList<VCardParameter> Parameters, string Value, int Line)
{
    /// <summary>Every value of every parameter with this name (TYPE may appear several times: <c>TYPE=WORK;TYPE=VOICE</c>).</summary>
    public IEnumerable<string> ParameterValues(string name) =>
        Parameters.Where(p => p.Name == name).SelectMany(p => p.Values);

    public bool HasParameter(string name) => Parameters.Any(p => p.Name == name);

    /// <summary>The TYPE values, lower case, split on commas (Outlook quotes <c>TYPE="work,voice"</c>).</summary>
    public IEnumerable<string> Types =>
        ParameterValues("TYPE").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToLowerInvariant());
}

/// <summary>A property parameter: <c>NAME=value,value</c>.</summary>
internal sealed record VCardParameter(string Name, IReadOnlyList<string> Values);
