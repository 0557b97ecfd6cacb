namespace P2PClinic.Sdk;

/// <summary>The node holds no org with the id asked for (never created, or left).</summary>
public sealed class OrgNotFoundException : Exception
{
    /// <summary>Creates the exception for an org id.</summary>
    /// <param name="orgId">The id asked for.</param>
    public OrgNotFoundException(Guid orgId)
        : base($"org {orgId:N} not found")
    {
        OrgId = orgId;
    }

    /// <summary>The id asked for.</summary>
    public Guid OrgId { get; }
}
