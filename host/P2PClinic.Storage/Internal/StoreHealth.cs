using System.Collections.Concurrent;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// What the store knows is damaged: orgs whose data cannot be read back (found when the store opened, or later
/// by a read), and what the last opening of the database had to deal with. Damaged orgs refuse writes.
/// </summary>
internal sealed class StoreHealth
{
    private readonly ConcurrentDictionary<Guid, OrgDamage> _damagedOrgs = new();
    private volatile OrgDamage? _catalogDamage;
    private volatile IReadOnlyList<StoreNotice> _notices = [];

    public IReadOnlyList<StoreNotice> Notices
    {
        get => _notices;
        set => _notices = value;
    }

    public OrgDamage? CatalogDamage => _catalogDamage;

    public IReadOnlyDictionary<Guid, OrgDamage> DamagedOrgs => _damagedOrgs;

    public OrgDamage? DamageOf(Guid orgId) => _damagedOrgs.TryGetValue(orgId, out var damage) ? damage : null;

    /// <summary>Records the damage (the first account of an org's damage is kept) and returns the exception to throw.</summary>
    public StoreDamagedException Record(StoreDamagedException e)
    {
        if (e.Damage.OrgId is { } orgId)
        {
            _damagedOrgs.TryAdd(orgId, e.Damage);
        }
        else
        {
            _catalogDamage ??= e.Damage;
        }

        return e;
    }

    public void ThrowIfDamaged(Guid orgId)
    {
        if (DamageOf(orgId) is { } damage)
        {
            throw new StoreDamagedException(damage);
        }
    }

    /// <summary>Forgets everything (after a repair rebuilt the database).</summary>
    public void Clear()
    {
        _damagedOrgs.Clear();
        _catalogDamage = null;
        _notices = [];
    }
}
