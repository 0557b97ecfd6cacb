using Grpc.Core;
using Grpc.Net.Client;
using P2PClinic.Client;

namespace P2PClinic.Cli.Internal;

/// <summary>What a command needs while it runs: the channel, call options and where to write.</summary>
internal sealed class NodeCall(NodeConnection connection, CliOutput output, bool json, DateTime deadline, CancellationToken cancellationToken)
{
    public GrpcChannel Channel => connection.Channel;

    public Uri Address => connection.Address;

    public CliOutput Output { get; } = output;

    /// <summary>True when the user asked for JSON instead of a table.</summary>
    public bool Json { get; } = json;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Options for every call: one deadline for the whole command, and the process's cancellation.</summary>
    public CallOptions Options => new(deadline: deadline, cancellationToken: CancellationToken);
}
