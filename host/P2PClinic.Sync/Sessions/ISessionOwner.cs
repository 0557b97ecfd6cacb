using P2PClinic.Sdk;

namespace P2PClinic.Sync.Sessions;

/// <summary>What a session needs from the org it syncs (implemented by the org's room).</summary>
internal interface ISessionOwner
{
    Guid OrgId { get; }

    string LocalPeerId { get; }

    Keys.OrgKeys Keys { get; }

    IOrgDocument Document { get; }

    HandshakeThrottle Throttle { get; }

    SyncOptions Options { get; }

    TimeProvider Time { get; }

    /// <summary>The session authenticated: from now on it gets live updates. False when the mesh is full.</summary>
    bool TryAttach(SyncSession session);

    void Detach(SyncSession session);

    /// <summary>Applies a peer's update durably; the change is relayed to every other attached session.</summary>
    Task ApplyFromAsync(SyncSession session, byte[] update, CancellationToken cancellationToken);

    /// <summary>A session's visible state changed (for status watchers).</summary>
    void OnSessionChanged(SyncSession session);
}
