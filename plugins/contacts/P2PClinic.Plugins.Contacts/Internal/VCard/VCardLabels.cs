namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Labels of emails, phones and addresses as vCard carries them: TYPE values (RFC 6350 sections 6.4.1, 6.4.2,
/// 5.6), or Apple's grouped <c>itemN.X-ABLabel</c> for labels TYPE has no word for.
/// </summary>
internal static class VCardLabels
{
    /// <summary>TYPE values that describe a label (written as TYPE); anything else is written as an X-ABLabel.</summary>
    private static readonly HashSet<string> LabelTypes =
        ["home", "work", "cell", "fax", "pager", "voice", "text", "video", "textphone", "main", "other", "iphone", "mobile"];

    /// <summary>TYPE values that say something other than a label (transport, preference, 3.0 address kinds).</summary>
    private static readonly HashSet<string> NonLabelTypes =
        ["internet", "pref", "x400", "dom", "intl", "postal", "parcel", "msg", "bbs", "modem", "car", "isdn", "pcs"];

    /// <summary>The label of a property: its group's X-ABLabel if any, else its label TYPE values joined by commas.</summary>
    public static string LabelOf(VCardProperty property, IReadOnlyList<VCardProperty> card)
    {
        if (property.Group.Length > 0)
        {
            var apple = card.FirstOrDefault(p => p.Name == "X-ABLABEL" && p.Group.Equals(property.Group, StringComparison.OrdinalIgnoreCase));
            if (apple is not null)
            {
                return AppleLabel(VCardText.Unescape(apple.Value).Trim());
            }
        }

        var types = property.Types.Where(t => !NonLabelTypes.Contains(t)).Distinct().ToList();
        if (property.Name == "TEL" && types.Count > 1)
        {
            // "voice" is the default kind of a phone: "work,voice" is simply "work".
            types.Remove("voice");
        }

        return string.Join(',', types);
    }

    /// <summary>
    /// The rank of a property among its siblings: PREF=1..100 (4.0, RFC 6350 section 5.3) or TYPE=pref (3.0)
    /// come first, lowest PREF first; the rest keep their order.
    /// </summary>
    public static int PreferenceOf(VCardProperty property)
    {
        var pref = property.ParameterValues("PREF").FirstOrDefault();
        if (pref is not null && int.TryParse(pref, out var rank) && rank is >= 1 and <= 100)
        {
            return rank;
        }

        return property.Types.Contains("pref") ? 1 : 101;
    }

    /// <summary>Whether a label can be written as TYPE values (each comma-separated word one of vCard's).</summary>
    public static bool IsTypeLabel(string label) =>
        label.Length > 0 && label.Split(',').All(LabelTypes.Contains);

    /// <summary>Apple writes its built-in labels as <c>_$!&lt;Mobile&gt;!$_</c>.</summary>
    private static string AppleLabel(string value) =>
        value.StartsWith("_$!<", StringComparison.Ordinal) && value.EndsWith(">!$_", StringComparison.Ordinal)
            ? value[4..^4].ToLowerInvariant()
            : value;
}
