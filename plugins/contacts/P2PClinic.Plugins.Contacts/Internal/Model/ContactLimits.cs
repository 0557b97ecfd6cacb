namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>The documented size limits of a contact (see contacts.proto), so one contact cannot bloat every peer's document.</summary>
internal static class ContactLimits
{
    /// <summary>Names, organization, title, address components: characters (UTF-16 code units).</summary>
    public const int ShortText = 256;

    /// <summary>The note.</summary>
    public const int Note = 10_000;

    /// <summary>An email address, per RFC 5321 section 4.5.3.1.3 (path of 256 octets minus the angle brackets).</summary>
    public const int Email = 254;

    /// <summary>The local part of an email address, RFC 5321 section 4.5.3.1.1.</summary>
    public const int EmailLocalPart = 64;

    /// <summary>A phone number as written (with spaces, punctuation, extension).</summary>
    public const int Phone = 64;

    /// <summary>A label or a tag.</summary>
    public const int Label = 64;

    /// <summary>Emails, phones, addresses or tags per contact.</summary>
    public const int ListItems = 50;

    /// <summary>The vCard UID.</summary>
    public const int Uid = 256;
}
