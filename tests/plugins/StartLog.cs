namespace P2PClinic.Tests.Plugins;

/// <summary>Appends a plugin's id to the file named by P2PCLINIC_TEST_START_LOG, so tests can see start order.</summary>
internal static class StartLog
{
    public static void Record(string pluginId)
    {
        if (Environment.GetEnvironmentVariable("P2PCLINIC_TEST_START_LOG") is { Length: > 0 } path)
        {
            File.AppendAllText(path, pluginId + Environment.NewLine);
        }
    }
}
