namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>A contact as the plugin reads and writes it: plain values, copied out of the org's document.</summary>
internal sealed record Contact
{
    /// <summary>The contact's id in the org (the key in the <c>contacts</c> root map).</summary>
    public string Id { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string GivenName { get; init; } = "";

    public string FamilyName { get; init; } = "";

    public IReadOnlyList<LabeledValue> Emails { get; init; } = [];

    public IReadOnlyList<LabeledValue> Phones { get; init; } = [];

    public string Organization { get; init; } = "";

    public string Title { get; init; } = "";

    public IReadOnlyList<PostalAddress> Addresses { get; init; } = [];

    public Birthday? Birthday { get; init; }

    public string Note { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The vCard UID the contact came with (or was exported under), so a re-import updates instead of duplicating.</summary>
    public string Uid { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The name a list shows: the display name, else one derived from the other fields.</summary>
    public string EffectiveName =>
        DisplayName.Length > 0 ? DisplayName
        : string.Join(' ', new[] { GivenName, FamilyName }.Where(s => s.Length > 0)) is { Length: > 0 } name ? name
        : Organization.Length > 0 ? Organization
        : Emails.Count > 0 ? Emails[0].Value
        : Phones.Count > 0 ? Phones[0].Value
        : "";
}

/// <summary>An email address or phone number with its label (<c>work</c>, <c>home</c>, <c>cell</c>, or any text).</summary>
internal sealed record LabeledValue(string Label, string Value);

/// <summary>A postal address, component by component as in vCard's ADR (RFC 6350 section 6.3.1).</summary>
internal sealed record PostalAddress
{
    public string Label { get; init; } = "";

    public string PoBox { get; init; } = "";

    public string Extended { get; init; } = "";

    public string Street { get; init; } = "";

    public string Locality { get; init; } = "";

    public string Region { get; init; } = "";

    public string PostalCode { get; init; } = "";

    public string Country { get; init; } = "";

    public bool IsEmpty =>
        PoBox.Length == 0 && Extended.Length == 0 && Street.Length == 0 && Locality.Length == 0
        && Region.Length == 0 && PostalCode.Length == 0 && Country.Length == 0;
}
