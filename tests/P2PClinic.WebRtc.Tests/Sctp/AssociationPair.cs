using Microsoft.Extensions.Time.Testing;
using P2PClinic.WebRtc.Sctp;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>Two real associations joined by an in-memory link, one per direction.</summary>
public sealed class AssociationPair : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private AssociationPair(SctpAssociationOptions clientOptions, SctpAssociationOptions serverOptions, TimeProvider time, LinkConditions toServer, LinkConditions toClient)
    {
        Time = time;
        ClientToServer = new DatagramLink(toServer, time);
        ServerToClient = new DatagramLink(toClient, time);
        Client = new SctpAssociation(clientOptions with { IsDtlsClient = true }, ClientToServer.SendAsync, time);
        Server = new SctpAssociation(serverOptions with { IsDtlsClient = false }, ServerToClient.SendAsync, time);
        ClientToServer.Target = Server;
        ServerToClient.Target = Client;
        ClientMessages = new MessageSink(Client);
        ServerMessages = new MessageSink(Server);
    }

    internal SctpAssociation Client { get; }

    /// <summary>The clock of both associations and both links.</summary>
    public TimeProvider Time { get; }

    internal SctpAssociation Server { get; }

    public DatagramLink ClientToServer { get; }

    public DatagramLink ServerToClient { get; }

    public MessageSink ClientMessages { get; }

    public MessageSink ServerMessages { get; }

    /// <summary>Fast timers for real-time tests on a lossy link (loss is recovered in milliseconds, not seconds).</summary>
    internal static SctpAssociationOptions FastOptions { get; } = new()
    {
        RtoInitial = TimeSpan.FromMilliseconds(100),
        RtoMin = TimeSpan.FromMilliseconds(20),
        RtoMax = TimeSpan.FromSeconds(1),
        DelayedAckTimeout = TimeSpan.FromMilliseconds(10),
        MaxRetransmissions = 30,
    };

    internal static AssociationPair Create(
        SctpAssociationOptions? client = null,
        SctpAssociationOptions? server = null,
        TimeProvider? time = null,
        LinkConditions? toServer = null,
        LinkConditions? toClient = null)
        => new(client ?? FastOptions, server ?? client ?? FastOptions, time ?? TimeProvider.System, toServer ?? LinkConditions.Perfect, toClient ?? toServer ?? LinkConditions.Perfect);

    internal static async Task<AssociationPair> ConnectedAsync(
        SctpAssociationOptions? client = null,
        SctpAssociationOptions? server = null,
        LinkConditions? toServer = null,
        LinkConditions? toClient = null)
    {
        var pair = Create(client, server, null, toServer, toClient);
        await pair.ConnectAsync();
        return pair;
    }

    public async Task ConnectAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        await Task.WhenAll(Client.ConnectAsync(cts.Token), Server.ConnectAsync(cts.Token));
    }

    /// <summary>
    /// Waits in real time until neither side has a packet on its way. A link without delay delivers in the sender's
    /// send loop, and an answer is queued before that call returns, so zero on both sides means the exchange is over.
    /// </summary>
    public async Task SettleAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        while (Client.PacketsPending + Server.PacketsPending != 0)
        {
            try
            {
                await Task.Delay(1, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The associations did not settle within {Patience}: client {Client.State} with {Client.PacketsPending} packets pending, server {Server.State} with {Server.PacketsPending}");
            }
        }
    }

    /// <summary>
    /// On a pair made with a <see cref="FakeTimeProvider"/>: settles and checks <paramref name="done"/>; while false,
    /// moves the clock by <paramref name="step"/>, at most <paramref name="limit"/> in all, then fails.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        var clock = Time as FakeTimeProvider ?? throw new InvalidOperationException("The pair runs on a real clock.");
        var steps = (long)Math.Ceiling(limit / step);
        for (var i = 0; i < steps; i++)
        {
            await SettleAsync();
            if (done())
            {
                return;
            }

            clock.Advance(step);
        }

        await SettleAsync();
        if (!done())
        {
            throw new TimeoutException($"Not done after {limit} on the fake clock: client {Client.State}, {Client.BufferedAmount} bytes buffered; server {Server.State}, {Server.ReceiveBufferedAmount} bytes received and unread");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
