using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace P2PClinic.Client;

/// <summary>
/// A channel to one node that sends the node's token with every call. Create the generated clients
/// on <see cref="Channel"/>, e.g. <c>new Orgs.OrgsClient(connection.Channel)</c>.
/// </summary>
public sealed class NodeConnection : IDisposable
{
    private NodeConnection(Uri address, NodeTransport transport, GrpcChannel channel)
    {
        Address = address;
        Transport = transport;
        Channel = channel;
    }

    /// <summary>The node's base address.</summary>
    public Uri Address { get; }

    /// <summary>How calls reach the node.</summary>
    public NodeTransport Transport { get; }

    /// <summary>The authenticated channel that generated clients are built on.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Opens a channel to the node described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The address is not an absolute http(s) URL, the token is empty, or the token would travel in
    /// clear text (plain http) to a host that is not loopback.
    /// </exception>
    public static NodeConnection Create(NodeConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Address;
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"the node address '{address}' is not an http:// or https:// URL");
        }

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            throw new ArgumentException("the node token is empty");
        }

        var plainHttp = address.Scheme == Uri.UriSchemeHttp;
        if (plainHttp && !address.IsLoopback)
        {
            // The token is the only key to the node's data; over plain http only loopback keeps it private.
            throw new ArgumentException(
                $"refusing to send the node token in clear text to {address.Host}: use https or a loopback address");
        }

        var token = options.Token.Trim();
        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });

        var channelOptions = new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(plainHttp ? ChannelCredentials.Insecure : ChannelCredentials.SecureSsl, bearer),
            // Call credentials are normally withheld from insecure channels; the loopback check above makes it safe.
            UnsafeUseInsecureChannelCallCredentials = plainHttp,
            DisposeHttpClient = true,
        };

        if (options.Transport == NodeTransport.GrpcWeb)
        {
            // gRPC-web must be pinned to HTTP/1.1: the node's gRPC-web listener speaks only HTTP/1.1,
            // and without an exact version policy the handler fails with HTTP_1_1_REQUIRED.
            channelOptions.HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new SocketsHttpHandler());
            channelOptions.HttpVersion = HttpVersion.Version11;
            channelOptions.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else
        {
            channelOptions.HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        }

        return new NodeConnection(address, options.Transport, GrpcChannel.ForAddress(address, channelOptions));
    }

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
