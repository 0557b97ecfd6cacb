namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>Where the repository and the Node interop scripts are, found from the test's build output.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "P2PClinic.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No P2PClinic.sln above {AppContext.BaseDirectory}: run the tests from the repository checkout.");
    }
}
