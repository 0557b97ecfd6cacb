using System.Collections.Concurrent;
using P2PClinic.WebRtc.Tests.Sctp;

namespace P2PClinic.WebRtc.Tests.DataChannels;

/// <summary>Two data-channel endpoints on two real associations joined by the in-memory link.</summary>
internal sealed class DataChannelPair : IAsyncDisposable
{
    private DataChannelPair(AssociationPair associations)
    {
        Associations = associations;
        Client = new DataChannelEndpoint(associations.Client, isDtlsClient: true);
        Server = new DataChannelEndpoint(associations.Server, isDtlsClient: false);
        Client.ChannelOpened += c => ClientOpened.Add(c);
        Server.ChannelOpened += c => ServerOpened.Add(c);
    }

    public AssociationPair Associations { get; }

    public DataChannelEndpoint Client { get; }

    public DataChannelEndpoint Server { get; }

    /// <summary>Channels the server side saw the peer open.</summary>
    public BlockingCollection<RtcDataChannel> ServerOpened { get; } = [];

    public BlockingCollection<RtcDataChannel> ClientOpened { get; } = [];

    public static DataChannelPair Create(LinkConditions? link = null)
        => new(AssociationPair.Create(toServer: link, toClient: link));

    public static async Task<DataChannelPair> ConnectedAsync(LinkConditions? link = null)
    {
        var pair = Create(link);
        await pair.Associations.ConnectAsync();
        return pair;
    }

    public static RtcDataChannel Take(BlockingCollection<RtcDataChannel> opened)
    {
        using var cts = new CancellationTokenSource(AssociationPair.Patience);
        return opened.Take(cts.Token);
    }

    /// <summary>Creates a channel on the client and returns both ends once open.</summary>
    public async Task<(RtcDataChannel Local, RtcDataChannel Remote)> OpenFromClientAsync(string label, RtcDataChannelInit? init = null)
    {
        var local = Client.CreateChannel(label, init);
        var opened = ChannelEvents.WhenOpen(local);
        var remote = Take(ServerOpened);
        await opened;
        return (local, remote);
    }

    public ValueTask DisposeAsync() => Associations.DisposeAsync();
}

/// <summary>Waits on a channel's events without racing them.</summary>
internal static class ChannelEvents
{
    public static Task WhenOpen(RtcDataChannel channel)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => opened.TrySetResult();
        if (channel.State == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        return opened.Task.WaitAsync(AssociationPair.Patience);
    }

    public static Task WhenClosed(RtcDataChannel channel)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += () => closed.TrySetResult();
        if (channel.State == RtcDataChannelState.Closed)
        {
            closed.TrySetResult();
        }

        return closed.Task.WaitAsync(AssociationPair.Patience);
    }

    public static ChannelInbox Collect(RtcDataChannel channel) => new(channel);
}

internal sealed class ChannelInbox
{
    private readonly ConcurrentQueue<RtcDataChannelMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public ChannelInbox(RtcDataChannel channel)
        => channel.MessageReceived += m =>
        {
            _messages.Enqueue(m with { Data = m.Data.ToArray() });
            _arrived.Release();
        };

    public int Count => _messages.Count;

    public async Task<List<RtcDataChannelMessage>> WaitForAsync(int count)
    {
        using var cts = new CancellationTokenSource(AssociationPair.Patience);
        while (_messages.Count < count)
        {
            await _arrived.WaitAsync(cts.Token);
        }

        return [.. _messages];
    }
}
