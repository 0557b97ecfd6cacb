using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Host.Documents;
using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Api;

/// <summary>The node's org service (protos/p2pclinic/orgs/v1/orgs.proto) over the document store.</summary>
internal sealed class OrgApiService : OrgService.OrgServiceBase
{
    // How many changes a slow watcher may fall behind before the oldest are dropped for it; a frontend that
    // misses changes re-reads the collection anyway, and the node must never block a commit on a reader.
    private const int WatchBacklog = 1024;

    private readonly DocumentStore _store;
    private readonly OrgDocumentRegistry _documents;

    public OrgApiService(DocumentStore store, OrgDocumentRegistry documents)
    {
        _store = store;
        _documents = documents;
    }

    public override async Task<Org> CreateOrg(CreateOrgRequest request, ServerCallContext context)
    {
        var name = OrgRequests.Name(request.Name);
        OrgRequests.RefuseTakenName(name, _store.Orgs.List(), self: null);
        var color = OrgRequests.Color(request.Color, required: false, _store.Orgs.List().Count);
        var created = await _store.Orgs.CreateAsync(new NewOrg(name, color), context.CancellationToken);
        return ToProto(created, _store);
    }

    public override Task<ListOrgsResponse> ListOrgs(ListOrgsRequest request, ServerCallContext context)
    {
        var response = new ListOrgsResponse();
        response.Orgs.AddRange(_store.Orgs.List().Select(o => ToProto(o, _store)));
        return Task.FromResult(response);
    }

    public override Task<Org> GetOrg(GetOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        var org = _store.Orgs.Find(id) ?? throw new Sdk.OrgNotFoundException(id);
        return Task.FromResult(ToProto(org, _store));
    }

    public override async Task<Org> RenameOrg(RenameOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        var name = OrgRequests.Name(request.Name);
        OrgRequests.RefuseTakenName(name, _store.Orgs.List(), self: id);
        return ToProto(await _store.Orgs.UpdateAsync(id, o => o with { Name = name }, context.CancellationToken), _store);
    }

    public override async Task<Org> RecolorOrg(RecolorOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        var color = OrgRequests.Color(request.Color, required: true, orgCount: 0);
        return ToProto(await _store.Orgs.UpdateAsync(id, o => o with { Color = color }, context.CancellationToken), _store);
    }

    public override async Task<Org> SetDefaultOrg(SetDefaultOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        return ToProto(await _store.Orgs.SetDefaultAsync(id, context.CancellationToken), _store);
    }

    public override async Task<LeaveOrgResponse> LeaveOrg(LeaveOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        await _documents.LeaveAsync(id, context.CancellationToken);
        return new LeaveOrgResponse();
    }

    public override async Task<RepairOrgResponse> RepairOrg(RepairOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        var result = await _documents.RepairAsync(id, context.CancellationToken);
        var org = _store.Orgs.Get(id);
        var response = new RepairOrgResponse
        {
            Org = ToProto(org, _store),
            UpdatesKept = result.UpdatesKept,
            UpdatesLost = result.UpdatesLost ?? -1,
            Message = RepairMessage(org, result),
        };
        response.OtherOrgsRepaired.AddRange(result.OtherOrgsRepaired.Select(o => o.ToString("N")));
        return response;
    }

    internal static string RepairMessage(OrgMetadata org, OrgRepairResult result)
    {
        var lost = result.UpdatesLost switch
        {
            0 => "no update was lost",
            null => "the number of lost updates cannot be told (the org's state was damaged too)",
            1 => "1 update could not be read and was lost",
            var n => $"{n} updates could not be read and were lost",
        };
        var peers = result.UpdatesLost == 0
            ? ""
            : org.Sharing == OrgSharing.Shared
                ? " This org is shared: it gets the lost changes back from its peers once it syncs with them."
                : " This org is local-only, so no peer holds a copy of the lost changes.";
        var others = result.OtherOrgsRepaired.Count > 0 ? $" {result.OtherOrgsRepaired.Count} other damaged org(s) were repaired too." : "";
        return $"Repaired '{org.Name}': {result.UpdatesKept} update(s) kept, {lost}.{peers}{others}";
    }

    public override async Task WatchOrgChanges(WatchOrgChangesRequest request, IServerStreamWriter<OrgChange> responseStream, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.Id);
        var document = await _documents.OpenDocumentAsync(id, context.CancellationToken);
        var changes = Channel.CreateBounded<OrgDocumentChange>(new BoundedChannelOptions(WatchBacklog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        void OnChanged(object? sender, OrgDocumentChange change)
        {
            if (!change.IsEmpty)
            {
                changes.Writer.TryWrite(change);
            }
        }

        // Settled, not Changed: by then every plugin's own Changed handler has seen the change (see Settled).
        document.Settled += OnChanged;
        try
        {
            // Send the response headers now, so a client knows the watch is in place before it makes changes.
            await context.WriteResponseHeadersAsync([]);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, document.ClosedToken);
            try
            {
                await foreach (var change in changes.Reader.ReadAllAsync(ended.Token))
                {
                    await responseStream.WriteAsync(ToProto(change), context.CancellationToken);
                }
            }
            catch (OperationCanceledException) when (document.ClosedToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                // The org was left (or the node stops): the stream ends normally.
            }
        }
        finally
        {
            document.Settled -= OnChanged;
        }
    }

    internal static Org ToProto(OrgMetadata org, DocumentStore store)
    {
        var proto = new Org
        {
            Id = org.Id.ToString("N"),
            Name = org.Name,
            Color = org.Color,
            IsDefault = org.IsDefault,
            Shared = org.Sharing == OrgSharing.Shared,
            CreatedAt = Timestamp.FromDateTimeOffset(org.CreatedAt),
            RoomId = org.RoomId ?? "",
        };
        if (store.DamageOf(org.Id) is { } damage)
        {
            proto.Damage = new P2PClinic.Api.Orgs.V1.OrgDamage
            {
                Path = damage.Path,
                Detail = damage.Detail,
                MissingUpdates = damage.MissingUpdates ?? -1,
                Message = damage.ToString(),
            };
        }

        return proto;
    }

    private static OrgChange ToProto(OrgDocumentChange change)
    {
        var proto = new OrgChange
        {
            OrgId = change.OrgId.ToString("N"),
            Origin = change.IsLocal ? ChangeOrigin.Local : ChangeOrigin.Remote,
        };
        foreach (var collection in change.Collections)
        {
            var entry = new P2PClinic.Api.Orgs.V1.CollectionChange { Collection = collection.Collection };
            entry.Ids.AddRange(collection.Ids);
            proto.Collections.Add(entry);
        }

        return proto;
    }
}
