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
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        Uri? address = null;
        try
        {
            address = NodeAddress.Parse(settings.Node);
            var token = NodeToken.Resolve(settings.DataDirectory);
            using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = address, Token = token });
            var call = new NodeCall(connection, CliOutput.ForProcess(), settings.Json, settings.Timeout, TimeProvider.System, cancellationToken);
            return await RunAsync(call, settings).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return ErrorWriter.Report(exception, address, settings.Timeout);
        }
    }

    /// <summary>Runs the command against the node; returns the exit code (normally <see cref="ExitCodes.Ok"/>).</summary>
    protected abstract Task<int> RunAsync(NodeCall call, TSettings settings);
}
