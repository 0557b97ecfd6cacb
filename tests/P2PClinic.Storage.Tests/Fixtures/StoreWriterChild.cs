using P2PClinic.Testing;

namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>This test assembly started as a separate process in one of StoreWriterProgram's modes.</summary>
internal static class StoreWriterChild
{
    public static ChildProcess Start(params string[] args) => Start(prefix: [], args);

    /// <summary>Starts the child, optionally through a wrapper command (e.g. setpriv).</summary>
    public static ChildProcess Start(string[] prefix, string[] args) => ChildProcess.StartAssembly(typeof(StoreWriterChild).Assembly.Location, prefix, args);
}
