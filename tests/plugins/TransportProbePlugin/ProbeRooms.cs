using System.Collections.Concurrent;
using P2PClinic.Sdk.Transport;

namespace P2PClinic.Tests.TransportProbe;

/// <summary>The rooms the probe joined, by room id.</summary>
internal sealed class ProbeRooms : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ProbeRoom> _rooms = new(StringComparer.Ordinal);

    public ProbeRooms(IPeerTransport transport)
    {
        Transport = transport;
    }

    public IPeerTransport Transport { get; }

    public async Task<ProbeRoom> JoinAsync(string roomId, CancellationToken cancellationToken)
    {
        if (_rooms.TryGetValue(roomId, out var joined))
        {
            return joined;
        }

        var room = new ProbeRoom(await Transport.JoinAsync(roomId, cancellationToken));
        if (!_rooms.TryAdd(roomId, room))
        {
            await room.DisposeAsync();
            return _rooms[roomId];
        }

        return room;
    }

    public ProbeRoom? Find(string roomId) => _rooms.TryGetValue(roomId, out var room) ? room : null;

    public async Task LeaveAsync(string roomId)
    {
        if (_rooms.TryRemove(roomId, out var room))
        {
            await room.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var roomId in _rooms.Keys.ToList())
        {
            await LeaveAsync(roomId);
        }
    }
}
