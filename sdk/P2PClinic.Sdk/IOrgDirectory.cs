namespace P2PClinic.Sdk;

/// <summary>The orgs this node holds, read-only. Registered in the node's container.</summary>
public interface IOrgDirectory
{
    /// <summary>Every org on the node, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The orgs.</returns>
    Task<IReadOnlyList<OrgInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The node's default org, or null when it holds none.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The default org or null.</returns>
    Task<OrgInfo?> GetDefaultAsync(CancellationToken cancellationToken = default);

    /// <summary>The org with this id, or null.</summary>
    /// <param name="orgId">The org.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The org or null.</returns>
    Task<OrgInfo?> FindAsync(Guid orgId, CancellationToken cancellationToken = default);
}
