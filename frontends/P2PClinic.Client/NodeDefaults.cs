namespace P2PClinic.Client;

/// <summary>Where a node listens and keeps its data when nothing else is configured (the node's own defaults).</summary>
public static class NodeDefaults
{
    /// <summary>The local node's API address: loopback, its HTTP/1.1 port (gRPC-web, JSON, health).</summary>
    public static Uri Address { get; } = new("http://127.0.0.1:5080");

    /// <summary>The environment variables naming a node's data directory, in the order the node reads them (the first set wins).</summary>
    public static IReadOnlyList<string> DataDirectoryVariables { get; } = ["P2PCLINIC_DATA", "P2PCLINIC_DATA_DIR"];

    /// <summary>
    /// The node's data directory as the node itself would choose it: the first of
    /// <see cref="DataDirectoryVariables"/> that is set, else the per-user <c>$XDG_DATA_HOME/p2pclinic</c>
    /// (usually <c>~/.local/share/p2pclinic</c>), so the CLI finds the node's token from any working directory.
    /// </summary>
    public static string DataDirectory =>
        Path.GetFullPath(
            DataDirectoryVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "p2pclinic"));
}
