namespace P2PClinic.Storage;

/// <summary>An org was created with an explicit id that the store already holds.</summary>
public sealed class OrgAlreadyExistsException : StoreException
{
    internal OrgAlreadyExistsException(Guid orgId)
        : base($"An org with id {orgId} already exists in this node's store.")
    {
        OrgId = orgId;
    }

    /// <summary>The id that is already taken.</summary>
    public Guid OrgId { get; }
}
