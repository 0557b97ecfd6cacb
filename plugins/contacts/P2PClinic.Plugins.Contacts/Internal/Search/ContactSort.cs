namespace P2PClinic.Plugins.Contacts.Internal.Search;

/// <summary>The orders a contact list can be sorted in.</summary>
internal enum ContactSort
{
    /// <summary>By display name (or the name derived from other fields), accent- and case-insensitive.</summary>
    Name,

    /// <summary>By family name, then given name.</summary>
    FamilyName,

    CreatedAt,

    UpdatedAt,
}
