namespace P2PClinic.Sdk;

/// <summary>Opens org documents. Registered in the node's container; a plugin asks for it in its constructors.</summary>
public interface IOrgDocuments
{
    /// <summary>
    /// The org's document, rebuilt from disk on first open and shared by everyone who opens it afterwards
    /// (the API, plugins, sync) until the node leaves the org or stops.
    /// </summary>
    /// <param name="orgId">The org.</param>
    /// <param name="cancellationToken">Cancels waiting for the document.</param>
    /// <exception cref="OrgNotFoundException">The node holds no such org.</exception>
    Task<IOrgDocument> OpenAsync(Guid orgId, CancellationToken cancellationToken = default);
}
