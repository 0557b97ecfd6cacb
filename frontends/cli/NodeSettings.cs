using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace P2PClinic.Cli;

/// <summary>The options every command that talks to a node shares.</summary>
internal class NodeSettings : CommandSettings
{
    /// <summary>How long one call may wait for the node's answer when <c>--timeout</c> is not given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    [CommandOption("--node <URL>")]
    [Description("The node's HTTP/1.1 API address (the \"API\" one of the node's ready line), not its native gRPC one. Default: http://127.0.0.1:5080.")]
    public string? Node { get; init; }

    [CommandOption("--data-dir <PATH>")]
    [Description("The node's data directory, where its API token (the api-token file) is read from. Default: the token in $P2PCLINIC_TOKEN, else the directory in $P2PCLINIC_DATA or $P2PCLINIC_DATA_DIR, else ~/.local/share/p2pclinic.")]
    public string? DataDirectory { get; init; }

    [CommandOption("--json")]
    [Description("Write the result as JSON for scripts instead of a table.")]
    public bool Json { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for each answer of the node (each page of a long listing gets its own). Default: 30.")]
    public double? TimeoutSeconds { get; init; }

    /// <summary>The wait for each call.</summary>
    public TimeSpan Timeout => TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;

    public override ValidationResult Validate() =>
        TimeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400)
            ? ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--timeout: {seconds} is not a number of seconds between 0 and 86400"))
            : ValidationResult.Success();
}
