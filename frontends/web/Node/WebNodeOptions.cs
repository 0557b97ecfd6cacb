namespace P2PClinic.Web.Node;

/// <summary>
/// Which node the web app talks to and how it finds the node's token, bound from the <c>Node</c> configuration
/// section (<c>--node</c>, <c>--data-dir</c> on the command line). The defaults are the CLI's: the local node on
/// loopback, its token read from the node's data directory or <c>$P2PCLINIC_TOKEN</c>.
/// </summary>
public sealed class WebNodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Node";

    /// <summary>The node's API address (gRPC-web, its HTTP/1.1 port). Default: <c>http://127.0.0.1:5080</c>.</summary>
    public Uri? Address { get; set; }

    /// <summary>The node's data directory, where its token is read from. Default: as the CLI finds it.</summary>
    public string? DataDirectory { get; set; }
}
