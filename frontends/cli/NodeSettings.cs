using System.ComponentModel;
using Spectre.Console.Cli;

namespace P2PClinic.Cli;

/// <summary>The options every command that talks to a node shares.</summary>
internal class NodeSettings : CommandSettings
{
    [CommandOption("--node <URL>")]
    [Description("The node's API address. Default: the local node at http://127.0.0.1:5080.")]
    public string? Node { get; init; }

    [CommandOption("--data-dir <PATH>")]
    [Description("The node's data directory, where its API token is read from. Default: $P2PCLINIC_TOKEN, else the default data directory.")]
    public string? DataDirectory { get; init; }

    [CommandOption("--json")]
    [Description("Write the result as JSON for scripts instead of a table.")]
    public bool Json { get; init; }
}
