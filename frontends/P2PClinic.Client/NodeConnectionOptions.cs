namespace P2PClinic.Client;

/// <summary>Where a node listens, how to reach it and the token it expects.</summary>
public sealed record NodeConnectionOptions
{
    /// <summary>The node's base address, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public required Uri Address { get; init; }

    /// <summary>The node's API token, sent as <c>authorization: Bearer &lt;token&gt;</c> on every call.</summary>
    public required string Token { get; init; }

    /// <summary>gRPC-web (the default, works on the node's main HTTP/1.1 port) or native gRPC.</summary>
    public NodeTransport Transport { get; init; } = NodeTransport.GrpcWeb;
}
