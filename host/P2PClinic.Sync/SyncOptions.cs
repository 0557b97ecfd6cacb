namespace P2PClinic.Sync;

/// <summary>The sync engine's settings (configuration section <c>Sync</c>; docs/sync.md).</summary>
internal sealed class SyncOptions
{
    /// <summary>How this member appears to the others (awareness).</summary>
    public string DisplayName { get; set; } = Environment.UserName;

    /// <summary>Each clear handshake frame must arrive within this.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Authenticated links per org (a mesh cap); a link beyond it is refused with "try later".</summary>
    public int MaxPeersPerOrg { get; set; } = 8;

    /// <summary>
    /// The largest y-protocols message reassembled from pieces. This node sends no update message above a quarter of
    /// it: larger updates go as several (docs/protocol.md), so peers whose bound is the protocol's 64 MiB take them.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Queued bytes per peer beyond which live updates are dropped and the peer is resynced by state vector.</summary>
    public long MaxQueuedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>First back-off after a failed handshake for an org; it doubles per failure up to <see cref="MaxHandshakeBackoff"/>.</summary>
    public TimeSpan HandshakeBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxHandshakeBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a join waits for a member to be present before it reports "waiting for a member".</summary>
    public TimeSpan JoinWaitForMember { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a join waits, once a member is present, for authentication and the first sync.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often presence (awareness) is re-sent, so "last seen" stays fresh.</summary>
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait before joining a room again after the transport refused or failed.</summary>
    public TimeSpan RejoinDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PBKDF2 iterations for new orgs' keys and for invites.</summary>
    public int KeyIterations { get; set; } = Keys.OrgKeys.DefaultIterations;
}
