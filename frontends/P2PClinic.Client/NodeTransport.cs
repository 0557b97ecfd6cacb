namespace P2PClinic.Client;

/// <summary>How a <see cref="NodeConnection"/> carries gRPC calls to the node.</summary>
public enum NodeTransport
{
    /// <summary>
    /// gRPC-web over HTTP/1.1: the node's main port, the one browsers and most HTTP clients reach.
    /// Streams flow one direction at a time, which is all the local API needs.
    /// </summary>
    GrpcWeb,

    /// <summary>Native gRPC over cleartext HTTP/2 (h2c): needs the node's HTTP/2 listener.</summary>
    Grpc,
}
