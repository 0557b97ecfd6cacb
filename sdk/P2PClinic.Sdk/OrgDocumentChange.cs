namespace P2PClinic.Sdk;

/// <summary>One stored change of an org's document.</summary>
public sealed class OrgDocumentChange : EventArgs
{
    /// <summary>Describes a change.</summary>
    /// <param name="orgId">The org.</param>
    /// <param name="isLocal">True when made on this node; false when applied from elsewhere (a peer).</param>
    /// <param name="collections">The collections touched, each with the ids touched.</param>
    /// <param name="update">The encoded update (Yjs update v1), empty when nothing changed.</param>
    public OrgDocumentChange(Guid orgId, bool isLocal, IReadOnlyList<CollectionChange> collections, ReadOnlyMemory<byte> update)
    {
        OrgId = orgId;
        IsLocal = isLocal;
        Collections = collections;
        Update = update;
    }

    /// <summary>The org.</summary>
    public Guid OrgId { get; }

    /// <summary>True when the change was made on this node; false when it came from elsewhere.</summary>
    public bool IsLocal { get; }

    /// <summary>The collections (document roots) touched, each with the ids (keys) touched in it.</summary>
    public IReadOnlyList<CollectionChange> Collections { get; }

    /// <summary>The encoded update (Yjs update v1) to send to peers; empty when nothing changed.</summary>
    public ReadOnlyMemory<byte> Update { get; }

    /// <summary>Whether the change altered nothing.</summary>
    public bool IsEmpty => Update.IsEmpty;
}
