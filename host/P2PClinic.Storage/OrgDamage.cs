namespace P2PClinic.Storage;

/// <summary>Why an org's stored data cannot be trusted.</summary>
/// <param name="OrgId">The org, or null when the org catalog (the list of orgs) is what cannot be read.</param>
/// <param name="Path">The damaged file when RocksDB names one (a table file), else the database folder.</param>
/// <param name="Detail">RocksDB's own message (e.g. "Corruption: block checksum mismatch ..."), or the store's
/// account of the records found missing.</param>
/// <param name="MissingUpdates">How many of the org's log records are known to be unreadable or missing, when the
/// store can tell (null: unknown, e.g. the damage hides the org's state).</param>
public sealed record OrgDamage(Guid? OrgId, string Path, string Detail, long? MissingUpdates)
{
    /// <summary>One sentence for a user: what is damaged, where, and the way out.</summary>
    public override string ToString()
    {
        var what = OrgId is { } id ? $"The stored data of org {id:N} is damaged" : "The org catalog is damaged";
        var missing = MissingUpdates is { } n ? $", {n} update(s) cannot be read" : "";
        var repair = OrgId is { } org ? $"; run 'p2pclinic org repair {org:N}' to keep what can still be read" : "; run 'p2pclinic org repair' on an org to rebuild the database";
        return $"{what} ({Path}: {Detail}){missing}{repair}.";
    }
}
