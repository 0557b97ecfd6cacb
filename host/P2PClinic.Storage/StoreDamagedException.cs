namespace P2PClinic.Storage;

/// <summary>
/// Stored data cannot be read back: RocksDB reported a checksum mismatch or another corruption, or an org's log
/// is missing records its state says it holds. Nothing is read as empty and nothing is written to a damaged org;
/// <see cref="DocumentStore.RepairOrgAsync"/> keeps what can still be read.
/// </summary>
public sealed class StoreDamagedException : StoreException
{
    internal StoreDamagedException(OrgDamage damage, Exception? innerException = null)
        : base(damage.ToString(), innerException)
    {
        Damage = damage;
    }

    /// <summary>The org whose data is damaged, or null when the damage is in the org catalog itself.</summary>
    public Guid? OrgId => Damage.OrgId;

    /// <summary>What is damaged, where, and what RocksDB said.</summary>
    public OrgDamage Damage { get; }
}
