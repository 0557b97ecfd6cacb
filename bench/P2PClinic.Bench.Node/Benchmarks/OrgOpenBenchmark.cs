using System.Diagnostics;
using System.Globalization;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Crdt;
using P2PClinic.Storage;

namespace P2PClinic.Bench.Node.Benchmarks;

/// <summary>The orgs a seeded data directory holds, and the full state of the big one.</summary>
internal sealed record SeededOrgs(Guid Contacts, Guid Empty, Guid WarmUp, byte[] ContactsState);

/// <summary>
/// Opening an org document that holds many contacts, as the node does on the first call that needs it
/// after a restart: rebuild the doc from its RocksDB update log.
/// </summary>
internal static class OrgOpenBenchmark
{
    private const int ContactsPerTransaction = 50;

    /// <summary>
    /// Writes <paramref name="contacts"/> contacts into a new org of <paramref name="dataDirectory"/> through
    /// the store the node uses, shaped as DESIGN.md's data model (root map "contacts", id to a nested map of
    /// 8 fields), in transactions of <see cref="ContactsPerTransaction"/>, each appended to the log durably,
    /// exactly as the node's document appends its changes. The node must not be running.
    /// </summary>
    public static async Task<SeededOrgs> SeedAsync(string dataDirectory, int contacts, CancellationToken cancellationToken)
    {
        using var store = DocumentStore.Open(dataDirectory, new DocumentStoreOptions { MergeUpdates = YUpdate.Merge });
        var warmUp = await store.Orgs.CreateAsync(new NewOrg("bench warm-up", "#999999"), cancellationToken).ConfigureAwait(false);
        var empty = await store.Orgs.CreateAsync(new NewOrg("bench empty", "#996633"), cancellationToken).ConfigureAwait(false);
        var big = await store.Orgs.CreateAsync(new NewOrg("bench contacts", "#336699"), cancellationToken).ConfigureAwait(false);

        var doc = new Doc();
        byte[]? lastUpdate = null;
        doc.Updated += (_, e) => lastUpdate = e.Update;
        var root = doc.GetMap("contacts");
        var random = new Random(20261125);
        for (var written = 0; written < contacts; written += ContactsPerTransaction)
        {
            var count = Math.Min(ContactsPerTransaction, contacts - written);
            lastUpdate = null;
            doc.Transact(_ =>
            {
                for (var i = 0; i < count; i++)
                {
                    root.Set(Guid.NewGuid().ToString("N"), Contact(written + i, random));
                }
            });
            await store.Updates.AppendAsync(big.Id, lastUpdate ?? throw new InvalidOperationException("the transaction produced no update"), doc.EncodeStateVector(), cancellationToken)
                .ConfigureAwait(false);
        }

        if (root.Count != contacts)
        {
            throw new InvalidOperationException($"seeded {root.Count} contacts, expected {contacts}");
        }

        return new SeededOrgs(big.Id, empty.Id, warmUp.Id, doc.EncodeStateAsUpdate());
    }

    /// <summary>
    /// Time until the node has opened the org's document: WatchOrgChanges opens it, then sends its
    /// response headers, so the headers arriving mark the document as rebuilt and live.
    /// </summary>
    public static async Task<TimeSpan> TimeNodeOpenAsync(OrgService.OrgServiceClient orgs, Guid orgId, CancellationToken cancellationToken)
    {
        using var cancelWatch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        using var call = orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = orgId.ToString("N") }, cancellationToken: cancelWatch.Token);
        await call.ResponseHeadersAsync.ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        await cancelWatch.CancelAsync().ConfigureAwait(false);
        return elapsed;
    }

    /// <summary>The CRDT alone: apply the same full state to an empty doc in memory (no disk, no node).</summary>
    public static TimeSpan TimeInMemoryApply(byte[] state, int expectedContacts)
    {
        var watch = Stopwatch.StartNew();
        var doc = new Doc();
        doc.ApplyUpdate(state);
        var count = doc.GetMap("contacts").Count;
        var elapsed = watch.Elapsed;
        return count == expectedContacts
            ? elapsed
            : throw new InvalidOperationException($"the applied state holds {count} contacts, expected {expectedContacts}");
    }

    private static YMap Contact(int n, Random random)
    {
        var contact = new YMap();
        var given = GivenNames[random.Next(GivenNames.Length)];
        var family = FamilyNames[random.Next(FamilyNames.Length)];
        contact.Set("givenName", given);
        contact.Set("familyName", family);
        contact.Set("email", string.Create(CultureInfo.InvariantCulture, $"{given}.{family}.{n}@example.org").ToLowerInvariant());
        contact.Set("phone", string.Create(CultureInfo.InvariantCulture, $"+41 44 {random.Next(100, 999)} {random.Next(10, 99)} {random.Next(10, 99)}"));
        contact.Set("organization", "Clinic " + (n % 37).ToString(CultureInfo.InvariantCulture));
        contact.Set("address", string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 200)} Station Road, {8000 + (n % 100)} Zurich"));
        contact.Set("birthday", new DateOnly(1940 + random.Next(70), 1 + random.Next(12), 1 + random.Next(28)).ToString("O", CultureInfo.InvariantCulture));
        contact.Set("notes", "Prefers appointments in the morning; allergic to penicillin.");
        return contact;
    }

    private static readonly string[] GivenNames = ["Anna", "Ben", "Chiara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas"];
    private static readonly string[] FamilyNames = ["Meier", "Keller", "Rossi", "Nguyen", "Schmid", "Okafor", "Weber", "Suzuki", "Huber", "Costa"];
}
