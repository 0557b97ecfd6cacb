namespace P2PClinic.Storage;

/// <summary>Whether an org's document leaves this node.</summary>
public enum OrgSharing
{
    /// <summary>The document stays on this node; it is never offered to peers.</summary>
    LocalOnly,

    /// <summary>The document is synced with the org's other members through its room.</summary>
    Shared,
}
