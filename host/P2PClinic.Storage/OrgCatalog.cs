using System.Globalization;
using P2PClinic.Storage.Internal;
using RocksDbSharp;

namespace P2PClinic.Storage;

/// <summary>
/// The orgs this node belongs to and their local metadata. Keeps the invariant that exactly one org
/// is the default whenever there is any. Leaving an org is <see cref="DocumentStore.LeaveOrgAsync"/>.
/// </summary>
public sealed class OrgCatalog
{
    private readonly RocksDatabase _database;
    private readonly StoreLifetime _lifetime;
    private readonly SemaphoreSlim _catalogGate;
    private readonly TimeProvider _time;
    private readonly StoreHealth _health;

    internal OrgCatalog(RocksDatabase database, StoreLifetime lifetime, SemaphoreSlim catalogGate, TimeProvider time, StoreHealth health)
    {
        _health = health;
        _database = database;
        _lifetime = lifetime;
        _catalogGate = catalogGate;
        _time = time;
    }

    /// <summary>Creates an org with an empty document, durably.</summary>
    /// <exception cref="ArgumentException">A field is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    /// <exception cref="OrgAlreadyExistsException">The explicit <see cref="NewOrg.Id"/> is taken.</exception>
    public async Task<OrgMetadata> CreateAsync(NewOrg org, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(org);
        var name = ValidateName(org.Name);
        var color = ValidateColor(org.Color);
        var roomId = ValidateRoomId(org.RoomId);
        if (org.Id == Guid.Empty)
        {
            throw new ArgumentException("An org id must not be the empty GUID.", nameof(NewOrg.Id));
        }

        if (!Enum.IsDefined(org.Sharing))
        {
            throw new ArgumentException($"Unknown sharing mode {org.Sharing}.", nameof(NewOrg.Sharing));
        }

        await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var section = _lifetime.EnterShared();
            var now = _time.GetUtcNow();
            var id = org.Id ?? Guid.CreateVersion7(now);
            if (ReadOrg(id, readOptions: null) is not null)
            {
                throw new OrgAlreadyExistsException(id);
            }

            var all = ReadAll(readOptions: null);
            var isDefault = org.MakeDefault || !all.Any(o => o.IsDefault);
            var created = new OrgMetadata(id, name, color, roomId, isDefault, now, org.Sharing) { SyncSecrets = org.SyncSecrets };

            using var batch = new WriteBatch();
            if (isDefault)
            {
                ClearDefault(batch, all);
            }

            var key = StoreKeys.Org(id);
            batch.Put(key, OrgRecordCodec.Encode(created), _database.Orgs);
            batch.Put(key, DocState.Empty.Encode(), _database.DocState);
            _database.Db.Write(batch, RocksDatabase.DurableWrite);
            return created;
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    /// <summary>Every org, oldest first.</summary>
    /// <exception cref="StoreDamagedException">The catalog cannot be read whole (never a shorter list).</exception>
    public IReadOnlyList<OrgMetadata> List()
    {
        using var section = _lifetime.EnterShared();
        return ReadAll(readOptions: null);
    }

    /// <summary>The org with this id, or null.</summary>
    public OrgMetadata? Find(Guid orgId)
    {
        using var section = _lifetime.EnterShared();
        return ReadOrg(orgId, readOptions: null);
    }

    /// <summary>The org with this id.</summary>
    /// <exception cref="OrgNotFoundException">There is none.</exception>
    public OrgMetadata Get(Guid orgId) => Find(orgId) ?? throw new OrgNotFoundException(orgId);

    /// <summary>The default org, or null when the store holds no org.</summary>
    public OrgMetadata? GetDefault()
    {
        using var section = _lifetime.EnterShared();
        return ReadAll(readOptions: null).FirstOrDefault(o => o.IsDefault);
    }

    /// <summary>
    /// Changes an org's metadata: <paramref name="change"/> gets the current record and returns the new
    /// one (e.g. <c>o =&gt; o with { Name = "Work" }</c>). Setting <see cref="OrgMetadata.IsDefault"/>
    /// makes the org the default; clearing it is refused (make another org the default instead).
    /// </summary>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    /// <exception cref="ArgumentException">The new record is invalid or changes the id or creation time.</exception>
    public async Task<OrgMetadata> UpdateAsync(Guid orgId, Func<OrgMetadata, OrgMetadata> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var section = _lifetime.EnterShared();
            var current = ReadOrg(orgId, readOptions: null) ?? throw new OrgNotFoundException(orgId);
            var changed = change(current) ?? throw new ArgumentException("The change returned no record.", nameof(change));
            if (changed.Id != current.Id)
            {
                throw new ArgumentException("An org's id cannot change.", nameof(OrgMetadata.Id));
            }

            if (changed.CreatedAt != current.CreatedAt)
            {
                throw new ArgumentException("An org's creation time cannot change.", nameof(OrgMetadata.CreatedAt));
            }

            if (current.IsDefault && !changed.IsDefault)
            {
                throw new ArgumentException(
                    "The default org stays the default until another org is made the default.", nameof(OrgMetadata.IsDefault));
            }

            if (!Enum.IsDefined(changed.Sharing))
            {
                throw new ArgumentException($"Unknown sharing mode {changed.Sharing}.", nameof(OrgMetadata.Sharing));
            }

            changed = changed with
            {
                Name = ValidateName(changed.Name),
                Color = ValidateColor(changed.Color),
                RoomId = ValidateRoomId(changed.RoomId),
            };

            using var batch = new WriteBatch();
            if (changed.IsDefault && !current.IsDefault)
            {
                ClearDefault(batch, ReadAll(readOptions: null));
            }

            batch.Put(StoreKeys.Org(orgId), OrgRecordCodec.Encode(changed), _database.Orgs);
            _database.Db.Write(batch, RocksDatabase.DurableWrite);
            return changed;
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    /// <summary>Makes this org the default (and no other).</summary>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    public Task<OrgMetadata> SetDefaultAsync(Guid orgId, CancellationToken cancellationToken = default) =>
        UpdateAsync(orgId, o => o with { IsDefault = true }, cancellationToken);

    /// <summary>
    /// Adds to <paramref name="batch"/> the deletion of an org's metadata and, if it was the default,
    /// the promotion of the oldest remaining org. The caller holds the catalog gate.
    /// </summary>
    internal void DeleteInto(WriteBatch batch, OrgMetadata leaving)
    {
        batch.Delete(StoreKeys.Org(leaving.Id), _database.Orgs);
        if (leaving.IsDefault)
        {
            var heir = ReadAll(readOptions: null).FirstOrDefault(o => o.Id != leaving.Id);
            if (heir is not null)
            {
                batch.Put(StoreKeys.Org(heir.Id), OrgRecordCodec.Encode(heir with { IsDefault = true }), _database.Orgs);
            }
        }
    }

    internal OrgMetadata? ReadOrg(Guid orgId, ReadOptions? readOptions)
    {
        var key = StoreKeys.Org(orgId);
        var value = RocksReads.Get(_database.Db, key, _database.Orgs, readOptions, _database.Path, orgId);
        return value is null ? null : OrgRecordCodec.Decode(key, value);
    }

    private List<OrgMetadata> ReadAll(ReadOptions? readOptions)
    {
        var orgs = new List<OrgMetadata>();
        using (var iterator = _database.Db.NewIterator(_database.Orgs, readOptions ?? RocksReads.Verified()))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                orgs.Add(OrgRecordCodec.Decode(iterator.GetKeySpan(), iterator.GetValueSpan()));
            }

            // A checksum error also ends the loop: a list cut short there would hide orgs.
            if (RocksReads.ErrorOf(iterator) is { } error)
            {
                throw _health.Record(RocksReads.Damaged(_database.Path, orgId: null, error, missingUpdates: null));
            }
        }

        orgs.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
        return orgs;
    }

    private void ClearDefault(WriteBatch batch, IEnumerable<OrgMetadata> orgs)
    {
        foreach (var org in orgs.Where(o => o.IsDefault))
        {
            batch.Put(StoreKeys.Org(org.Id), OrgRecordCodec.Encode(org with { IsDefault = false }), _database.Orgs);
        }
    }

    private static string ValidateName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ArgumentException("An org name must not be empty or blank.", nameof(NewOrg.Name));
        }

        if (trimmed.Length > OrgMetadata.MaxNameLength)
        {
            throw new ArgumentException(
                $"An org name must be at most {OrgMetadata.MaxNameLength} characters long, not {trimmed.Length}.", nameof(NewOrg.Name));
        }

        if (trimmed.Any(char.IsControl))
        {
            throw new ArgumentException("An org name must not contain control characters.", nameof(NewOrg.Name));
        }

        return trimmed;
    }

    private static string ValidateColor(string? color)
    {
        if (color is not { Length: 7 } || color[0] != '#'
            || !int.TryParse(color.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"An org color must look like #1a2b3c, not '{color}'.", nameof(NewOrg.Color));
        }

        return color.ToLowerInvariant();
    }

    private static string? ValidateRoomId(string? roomId)
    {
        if (roomId is null)
        {
            return null;
        }

        if (roomId.Length == 0 || roomId.Length > OrgMetadata.MaxRoomIdLength || roomId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException(
                $"A room id must be 1 to {OrgMetadata.MaxRoomIdLength} characters without spaces or control characters.", nameof(NewOrg.RoomId));
        }

        return roomId;
    }
}
