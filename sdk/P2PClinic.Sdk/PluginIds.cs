namespace P2PClinic.Sdk;

/// <summary>The ids of the system plugins every node presents, usable in <see cref="PluginDependencyAttribute"/>.</summary>
public static class PluginIds
{
    /// <summary>The node itself, at the host's version.</summary>
    public const string Host = "p2pclinic.host";

    /// <summary>The plugin SDK the node offers, at the SDK assembly's version.</summary>
    public const string Sdk = "p2pclinic.sdk";
}
