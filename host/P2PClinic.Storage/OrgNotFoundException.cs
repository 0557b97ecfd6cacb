namespace P2PClinic.Storage;

/// <summary>No org with this id exists in the store (never created, or left).</summary>
public sealed class OrgNotFoundException : StoreException
{
    internal OrgNotFoundException(Guid orgId)
        : base($"No org with id {orgId} exists in this node's store.")
    {
        OrgId = orgId;
    }

    /// <summary>The id that was asked for.</summary>
    public Guid OrgId { get; }
}
