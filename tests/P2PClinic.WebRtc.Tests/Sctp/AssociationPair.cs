using P2PClinic.WebRtc.Sctp;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>Two real associations joined by an in-memory link, one per direction.</summary>
public sealed class AssociationPair : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private AssociationPair(SctpAssociationOptions clientOptions, SctpAssociationOptions serverOptions, TimeProvider time, LinkConditions toServer, LinkConditions toClient)
    {
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

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
