namespace P2PClinic.Storage;

/// <summary>An org's whole update log and its state vector, read from one consistent snapshot.</summary>
/// <param name="OrgId">The org.</param>
/// <param name="Updates">The log in append order; applying them in turn rebuilds the document.</param>
/// <param name="StateVector">The state vector stored with the latest append; empty if nothing was appended yet.</param>
/// <param name="NextSequence">The sequence number the next append will get.</param>
public sealed record OrgLogContents(Guid OrgId, IReadOnlyList<LoggedUpdate> Updates, byte[] StateVector, long NextSequence);
