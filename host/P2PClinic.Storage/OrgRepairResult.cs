namespace P2PClinic.Storage;

/// <summary>What <see cref="DocumentStore.RepairOrgAsync"/> kept and lost.</summary>
/// <param name="OrgId">The org the repair was asked for.</param>
/// <param name="UpdatesKept">The org's log records that could be read and were kept.</param>
/// <param name="UpdatesLost">The org's log records that could not be read (known from its stored state), or null
/// when that state itself was lost.</param>
/// <param name="OtherOrgsRepaired">Other orgs that were damaged too and were repaired by the same rebuild.</param>
public sealed record OrgRepairResult(Guid OrgId, long UpdatesKept, long? UpdatesLost, IReadOnlyList<Guid> OtherOrgsRepaired);
