using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Host.Api;
using P2PClinic.Sync;
using P2PClinic.Sync.Engine;
using ApiJoinStage = P2PClinic.Api.Sync.V1.JoinStage;
using ApiOrgSyncState = P2PClinic.Api.Sync.V1.OrgSyncState;
using ApiPeerState = P2PClinic.Api.Sync.V1.PeerState;
using EngineJoinStage = P2PClinic.Sync.Engine.JoinStage;

namespace P2PClinic.Host.Sync;

/// <summary>The sync service (protos/p2pclinic/sync/v1/sync.proto) over the sync engine.</summary>
internal sealed class SyncApiService : SyncService.SyncServiceBase
{
    private readonly SyncEngine _engine;

    public SyncApiService(SyncEngine engine)
    {
        _engine = engine;
    }

    public override async Task<ShareOrgResponse> ShareOrg(ShareOrgRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.OrgId, "org_id");
        var org = await Call(() => _engine.ShareAsync(id, request.Password, context.CancellationToken));
        return new ShareOrgResponse { OrgId = org.Id.ToString("N"), RoomId = org.RoomId };
    }

    public override async Task<Invite> CreateInvite(CreateInviteRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.OrgId, "org_id");
        var invite = await Call(() => _engine.CreateInviteAsync(id, context.CancellationToken));
        return new Invite { Code = invite.Code, ExpiresAt = Timestamp.FromDateTimeOffset(invite.ExpiresAt) };
    }

    public override async Task JoinOrg(JoinOrgRequest request, IServerStreamWriter<JoinProgress> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var progress in _engine.JoinAsync(request.Code, request.Password, context.CancellationToken))
            {
                await responseStream.WriteAsync(new JoinProgress
                {
                    Stage = progress.Stage switch
                    {
                        EngineJoinStage.Claiming => ApiJoinStage.Claiming,
                        EngineJoinStage.Connecting => ApiJoinStage.Connecting,
                        EngineJoinStage.Authenticating => ApiJoinStage.Authenticating,
                        EngineJoinStage.Syncing => ApiJoinStage.Syncing,
                        EngineJoinStage.Done => ApiJoinStage.Done,
                        _ => ApiJoinStage.WaitingForMember,
                    },
                    OrgId = progress.OrgId?.ToString("N") ?? "",
                    OrgName = progress.OrgName,
                    OrgColor = progress.OrgColor,
                    Message = progress.Message,
                });
            }
        }
        catch (SyncException e)
        {
            throw ToRpc(e);
        }
        catch (ArgumentException e) when (e.ParamName == "code")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "code: " + e.Message.Replace(" (Parameter 'code')", "", StringComparison.Ordinal)));
        }
    }

    public override Task<SyncStatus> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.OrgId, "org_id");
        return Call(() => Task.FromResult(ToProto(_engine.GetStatus(id))));
    }

    public override async Task WatchSyncStatus(GetSyncStatusRequest request, IServerStreamWriter<SyncStatus> responseStream, ServerCallContext context)
    {
        var id = OrgRequests.OrgId(request.OrgId, "org_id");
        try
        {
            await foreach (var status in _engine.WatchAsync(id, context.CancellationToken))
            {
                await responseStream.WriteAsync(ToProto(status));
            }
        }
        catch (SyncException e)
        {
            throw ToRpc(e);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SyncException e)
        {
            throw ToRpc(e);
        }
        catch (ArgumentException e) when (e.ParamName == "password")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "password: " + e.Message.Replace(" (Parameter 'password')", "", StringComparison.Ordinal)));
        }
    }

    private static RpcException ToRpc(SyncException e) => new(new Status(e.Failure switch
    {
        SyncFailure.OrgNotFound or SyncFailure.CodeNotFound => StatusCode.NotFound,
        SyncFailure.AlreadyShared or SyncFailure.NotShared => StatusCode.FailedPrecondition,
        SyncFailure.InvalidInvite => StatusCode.InvalidArgument,
        SyncFailure.WrongPassword => StatusCode.PermissionDenied,
        SyncFailure.AlreadyMember => StatusCode.AlreadyExists,
        SyncFailure.LockedOut => StatusCode.ResourceExhausted,
        SyncFailure.NotConfigured => StatusCode.FailedPrecondition,
        SyncFailure.TimedOut => StatusCode.DeadlineExceeded,
        _ => StatusCode.Unavailable,
    }, e.Message));

    private static SyncStatus ToProto(OrgSyncStatus status)
    {
        var proto = new SyncStatus
        {
            OrgId = status.OrgId.ToString("N"),
            State = status.State switch
            {
                global::P2PClinic.Sync.Engine.OrgSyncState.LocalOnly => ApiOrgSyncState.LocalOnly,
                global::P2PClinic.Sync.Engine.OrgSyncState.Pending => ApiOrgSyncState.Pending,
                global::P2PClinic.Sync.Engine.OrgSyncState.Online => ApiOrgSyncState.Online,
                _ => ApiOrgSyncState.Offline,
            },
            RoomId = status.RoomId ?? "",
            PendingUpdates = status.PendingUpdates,
            Detail = status.Detail,
        };
        if (status.LastSync is { } last)
        {
            proto.LastSync = Timestamp.FromDateTimeOffset(last);
        }

        foreach (var peer in status.Peers)
        {
            proto.Peers.Add(new PeerStatus
            {
                PeerId = peer.PeerId,
                DisplayName = peer.DisplayName,
                State = peer.State switch
                {
                    PeerSyncState.Connecting => ApiPeerState.Connecting,
                    PeerSyncState.Authenticating => ApiPeerState.Authenticating,
                    PeerSyncState.Syncing => ApiPeerState.Syncing,
                    PeerSyncState.Synced => ApiPeerState.Synced,
                    PeerSyncState.WrongPassword => ApiPeerState.WrongPassword,
                    PeerSyncState.Incompatible => ApiPeerState.Incompatible,
                    _ => ApiPeerState.Disconnected,
                },
                LastSeen = Timestamp.FromDateTimeOffset(peer.LastSeen),
                BytesIn = peer.BytesIn,
                BytesOut = peer.BytesOut,
                Detail = peer.Detail,
                Path = peer.Path,
            });
        }

        return proto;
    }
}
