using Grpc.Core;
using P2PClinic.Sdk.Transport;
using P2PClinic.Tests.TransportProbe.V1;

namespace P2PClinic.Tests.TransportProbe;

/// <summary>The probe's gRPC service, created per call by the node.</summary>
internal sealed class TransportProbeService : V1.TransportProbe.TransportProbeBase
{
    private readonly ProbeRooms _rooms;

    public TransportProbeService(ProbeRooms rooms)
    {
        _rooms = rooms;
    }

    public override async Task<JoinReply> Join(JoinRequest request, ServerCallContext context)
    {
        try
        {
            var room = await _rooms.JoinAsync(request.RoomId, context.CancellationToken);
            return new JoinReply { LocalPeerId = room.LocalPeerId, Transport = _rooms.Transport.Name };
        }
        catch (PeerTransportException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{e.Failure}: {e.Message}"));
        }
        catch (ArgumentException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    public override Task<ListPeersReply> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        var room = Joined(request.RoomId);
        var reply = new ListPeersReply();
        reply.PeerIds.AddRange(room.Peers.Order(StringComparer.Ordinal));
        reply.LinkedPeerIds.AddRange(room.LinkedPeers.Order(StringComparer.Ordinal));
        return Task.FromResult(reply);
    }

    public override async Task<SendReply> Send(SendRequest request, ServerCallContext context)
    {
        var link = Joined(request.RoomId).LinkTo(request.PeerId)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"no link to peer {request.PeerId}"));
        try
        {
            await link.SendAsync(request.Data.Memory, context.CancellationToken);
            return new SendReply();
        }
        catch (PeerLinkClosedException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<ProbeEvent> responseStream, ServerCallContext context)
    {
        var room = Joined(request.RoomId);
        var reader = room.Watch();
        try
        {
            await foreach (var e in reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(e, context.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the caller went away
        }
        finally
        {
            room.Unwatch(reader);
        }
    }

    public override async Task<LeaveReply> Leave(LeaveRequest request, ServerCallContext context)
    {
        await _rooms.LeaveAsync(request.RoomId);
        return new LeaveReply();
    }

    private ProbeRoom Joined(string roomId) =>
        _rooms.Find(roomId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"room '{roomId}' was not joined"));
}
