namespace P2PClinic.Host.Plugins;

/// <summary>A plugin cannot be loaded; the message is the failure reason shown in node status.</summary>
internal sealed class PluginLoadException : Exception
{
    public PluginLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
