using Grpc.Core;
using Grpc.Net.Client;
using P2PClinic.Client;

namespace P2PClinic.Cli.Internal;

/// <summary>What a command needs while it runs: the channel, call options and where to write.</summary>
internal sealed class NodeCall(NodeConnection connection, CliOutput output, bool json, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
{
    public GrpcChannel Channel => connection.Channel;

    public Uri Address => connection.Address;

    public CliOutput Output { get; } = output;

    /// <summary>True when the user asked for JSON instead of a table.</summary>
    public bool Json { get; } = json;

    /// <summary>How long each call may wait for its answer.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Options for the next call: a deadline of its own (so a listing of many pages never runs into a total
    /// deadline, while a node that stops answering is still noticed within one wait), and the process's cancellation.
    /// </summary>
    public CallOptions Options => new(deadline: time.GetUtcNow().UtcDateTime + Timeout, cancellationToken: CancellationToken);

    /// <summary>
    /// How long a call that moves a whole file (an import part, an export) may take: many thousands of items on a busy
    /// node outlast the usual wait, so ten minutes, or <see cref="Timeout"/> when the user asked for longer.
    /// </summary>
    public TimeSpan FileTransferTimeout => Timeout > MinimumFileTransferTimeout ? Timeout : MinimumFileTransferTimeout;

    /// <summary>Options for a call that moves a whole file: <see cref="FileTransferTimeout"/> and the process's cancellation.</summary>
    public CallOptions FileTransferOptions => new(deadline: time.GetUtcNow().UtcDateTime + FileTransferTimeout, cancellationToken: CancellationToken);

    /// <summary>The error for a file transfer whose deadline passed: it names the wait that passed, not <see cref="Timeout"/>'s.</summary>
    public CliException FileTransferTimedOut()
    {
        var slow = CliError.Slow(Address, FileTransferTimeout);
        return new CliException(slow.Message, slow.ExitCode);
    }

    private static readonly TimeSpan MinimumFileTransferTimeout = TimeSpan.FromMinutes(10);
}
