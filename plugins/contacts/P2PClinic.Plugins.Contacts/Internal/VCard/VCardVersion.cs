namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>The vCard versions read and written.</summary>
internal enum VCardVersion
{
    /// <summary>vCard 2.1 (read only): old Android and Outlook exports, with quoted-printable values.</summary>
    V21,

    /// <summary>vCard 3.0, RFC 2426: what phones and Google export.</summary>
    V30,

    /// <summary>vCard 4.0, RFC 6350.</summary>
    V40,
}
