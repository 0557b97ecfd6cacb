namespace P2PClinic.Sdk;

/// <summary>An org document was used after it closed (the node left the org or is stopping). Open it again if the org still exists.</summary>
public sealed class OrgDocumentClosedException : Exception
{
    /// <summary>Creates the exception for an org id.</summary>
    /// <param name="orgId">The org whose document closed.</param>
    public OrgDocumentClosedException(Guid orgId)
        : base($"the document of org {orgId:N} is closed")
    {
        OrgId = orgId;
    }

    /// <summary>The org whose document closed.</summary>
    public Guid OrgId { get; }
}
