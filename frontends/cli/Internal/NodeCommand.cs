using P2PClinic.Client;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// A command that calls the node: resolves the address and token, opens the connection, runs the
/// command and turns any failure into one line on stderr with its exit code.
/// </summary>
internal abstract class NodeCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : NodeSettings
{
    // Generous: a node opening a large org on a busy machine may take a while, but not forever.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        Uri? address = null;
        try
        {
            address = NodeAddress.Parse(settings.Node);
            var token = NodeToken.Resolve(settings.DataDirectory);
            using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = address, Token = token });
            var call = new NodeCall(connection, CliOutput.ForProcess(), settings.Json, TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout, cancellationToken);
            return await RunAsync(call, settings).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return ErrorWriter.Report(exception, address);
        }
    }

    /// <summary>Runs the command against the node; returns the exit code (normally <see cref="ExitCodes.Ok"/>).</summary>
    protected abstract Task<int> RunAsync(NodeCall call, TSettings settings);
}
