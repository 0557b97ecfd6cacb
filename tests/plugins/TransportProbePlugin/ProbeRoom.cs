using System.Threading.Channels;
using Google.Protobuf;
using P2PClinic.Sdk.Transport;
using P2PClinic.Tests.TransportProbe.V1;

namespace P2PClinic.Tests.TransportProbe;

/// <summary>One joined room: its events (kept from the join on, so a late watcher misses nothing), its current links, their messages.</summary>
internal sealed class ProbeRoom : IAsyncDisposable
{
    private readonly IPeerRoom _room;
    private readonly Lock _gate = new();
    private readonly List<ProbeEvent> _log = [];
    private readonly List<Channel<ProbeEvent>> _watchers = [];
    private readonly Dictionary<string, IPeerLink> _links = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public ProbeRoom(IPeerRoom room)
    {
        _room = room;
        _pump = Task.Run(PumpAsync);
    }

    public string LocalPeerId => _room.LocalPeerId;

    public IReadOnlyCollection<string> Peers => _room.Peers;

    public IReadOnlyList<string> LinkedPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _links.Keys];
            }
        }
    }

    public IPeerLink? LinkTo(string peerId)
    {
        lock (_gate)
        {
            return _links.GetValueOrDefault(peerId);
        }
    }

    public ChannelReader<ProbeEvent> Watch()
    {
        var channel = Channel.CreateUnbounded<ProbeEvent>();
        lock (_gate)
        {
            foreach (var e in _log)
            {
                channel.Writer.TryWrite(e);
            }

            _watchers.Add(channel);
        }

        return channel.Reader;
    }

    public void Unwatch(ChannelReader<ProbeEvent> reader)
    {
        lock (_gate)
        {
            _watchers.RemoveAll(c => c.Reader == reader);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _room.DisposeAsync();
        await _stop.CancelAsync();
        await _pump;
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var e in _room.ReadEventsAsync(_stop.Token))
            {
                switch (e)
                {
                    case PeerJoined:
                        Append(new ProbeEvent { Kind = ProbeEvent.Types.Kind.PeerJoined, PeerId = e.PeerId });
                        break;
                    case PeerLeft:
                        Append(new ProbeEvent { Kind = ProbeEvent.Types.Kind.PeerLeft, PeerId = e.PeerId });
                        break;
                    case PeerLinkEstablished up:
                        lock (_gate)
                        {
                            _links[up.PeerId] = up.Link;
                        }

                        Append(new ProbeEvent
                        {
                            Kind = ProbeEvent.Types.Kind.LinkUp,
                            PeerId = up.PeerId,
                            LocalFingerprint = up.Link.ChannelBinding.LocalFingerprint,
                            RemoteFingerprint = up.Link.ChannelBinding.RemoteFingerprint,
                        });
                        _ = Task.Run(() => ReceiveAsync(up.Link));
                        break;
                    case PeerLinkLost lost:
                        lock (_gate)
                        {
                            if (_links.TryGetValue(lost.PeerId, out var current) && current.Completion.IsCompleted)
                            {
                                _links.Remove(lost.PeerId);
                            }
                        }

                        Append(new ProbeEvent { Kind = ProbeEvent.Types.Kind.LinkDown, PeerId = lost.PeerId, Reason = lost.Closure.ToString() });
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the room was left
        }
    }

    private async Task ReceiveAsync(IPeerLink link)
    {
        try
        {
            while (true)
            {
                var message = await link.ReceiveAsync(CancellationToken.None);
                Append(new ProbeEvent { Kind = ProbeEvent.Types.Kind.Message, PeerId = link.RemotePeerId, Data = ByteString.CopyFrom(message.Span) });
            }
        }
        catch (PeerLinkClosedException)
        {
            // The link ended; the room reports it.
        }
    }

    private void Append(ProbeEvent e)
    {
        lock (_gate)
        {
            _log.Add(e);
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(e);
            }
        }
    }
}
