using P2PClinic.Sdk.Transport;

namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>A joined room whose events are collected as they come, for tests to wait on.</summary>
public sealed class WatchedRoom : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task pump;
    private int disposed;

    private WatchedRoom(IPeerRoom room)
    {
        Room = room;
        pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in room.ReadEventsAsync(stop.Token))
                {
                    Events.Add(e);
                }
            }
            catch (OperationCanceledException)
            {
                // disposed
            }
        });
    }

    public IPeerRoom Room { get; }

    public string PeerId => Room.LocalPeerId;

    public EventLog<PeerRoomEvent> Events { get; } = new();

    public static async Task<WatchedRoom> JoinAsync(IPeerTransport transport, string roomId) =>
        new(await transport.JoinAsync(roomId, CancellationToken.None));

    public Task<PeerRoomEvent> JoinedAsync(string peerId) =>
        Events.WaitForAsync(e => e is PeerJoined && e.PeerId == peerId, $"{peerId} joined");

    public Task<PeerRoomEvent> LeftAsync(string peerId) =>
        Events.WaitForAsync(e => e is PeerLeft && e.PeerId == peerId, $"{peerId} left");

    /// <summary>The first link to the peer that is not one of <paramref name="except"/>.</summary>
    public async Task<IPeerLink> LinkAsync(string peerId, params IPeerLink[] except)
    {
        var e = await Events.WaitForAsync(e => e is PeerLinkEstablished up && up.PeerId == peerId && !except.Contains(up.Link), $"a new link to {peerId}");
        return ((PeerLinkEstablished)e).Link;
    }

    public async Task<PeerLinkLost> LostAsync(string peerId) =>
        (PeerLinkLost)await Events.WaitForAsync(e => e is PeerLinkLost && e.PeerId == peerId, $"link to {peerId} lost");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await Room.DisposeAsync();
        await stop.CancelAsync();
        await pump;
        stop.Dispose();
    }
}
