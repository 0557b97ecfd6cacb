using System.Reflection;
using P2PClinic.Cli.Commands;
using P2PClinic.Cli.Internal;
using Spectre.Console.Cli;

namespace P2PClinic.Cli;

/// <summary>
/// The p2pclinic command tree. Each command group (node, org, plugins, and later the plugins' own
/// groups such as contact, event, reminder) lives in one file under Commands/ and registers itself
/// with one <c>Add...Commands</c> call here.
/// </summary>
internal static class CliApplication
{
    /// <summary>The CLI's version (its informational version without the build metadata after '+').</summary>
    public static string Version { get; } =
        (typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static async Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("p2pclinic");
            // Offline: the CLI's own version, not the node's (node status shows that).
            config.SetApplicationVersion(Version);
            config.SetHelpProvider(new PastableHelpProvider(config.Settings));
            // Parse errors reach our handler below, which prints them as one line like every other error.
            config.PropagateExceptions();
            config.AddNodeCommands();
            config.AddOrgCommands();
            config.AddPluginCommands();
            config.AddContactCommands();
            config.AddEventCommands();
            config.AddReminderCommands();
        });

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C cancels the call in flight cleanly; the process then exits with an error line.
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            return await app.RunAsync(StandardStreamArgument.Rewrite(args), cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return ErrorWriter.Report(exception, node: null);
        }
    }
}
