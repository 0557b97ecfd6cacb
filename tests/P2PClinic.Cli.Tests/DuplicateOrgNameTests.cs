using P2PClinic.Storage;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>
/// Two orgs of one name can still exist (an org joined from a colleague keeps its owner's name; data from before names
/// were unique): every way of naming an org then lists the candidates' ids. The node's data directory is laid out with
/// the store before the node starts, as a join (or an older node) would have left it.
/// </summary>
public sealed class DuplicateOrgNameTests : IAsyncLifetime
{
    private const string Name = "Acme Corp";
    private readonly string _root = Directory.CreateTempSubdirectory("p2pclinic-twins-").FullName;
    private TestNode _node = null!;
    private Guid _local;
    private Guid _joined;

    public async Task InitializeAsync()
    {
        var data = Path.Combine(_root, "data");
        using (var store = DocumentStore.Open(data))
        {
            _local = (await store.Orgs.CreateAsync(new NewOrg(Name, "#336699"))).Id;
            // Local-only here, so that the node does not try to reach a room at start; its name is what counts.
            _joined = (await store.Orgs.CreateAsync(new NewOrg("acme corp", "#993366"))).Id;
        }

        _node = await TestNode.StartAsync(new TestNodeOptions { DataDirectory = data });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("use")]
    [InlineData("rename", "Renamed")]
    [InlineData("invite")]
    public async Task AnOrgArgumentNamingTwoOrgsListsBothIds(string command, string? more = null)
    {
        string[] arguments = more is null ? ["org", command, Name] : ["org", command, Name, more];

        var result = await RunAsync(arguments);

        AssertListsBoth(result);
    }

    [Fact]
    public async Task AnInOptionNamingTwoOrgsListsBothIds()
    {
        var contacts = await RunAsync("contact", "list", "--in", Name);
        var events = await RunAsync("event", "list", "--in", Name.ToUpperInvariant());

        AssertListsBoth(contacts, Name);
        AssertListsBoth(events, Name.ToUpperInvariant());
    }

    [Fact]
    public async Task EitherTwinCanStillBeNamedByItsIdAndRenamedApart()
    {
        var renamed = await RunAsync("org", "rename", _joined.ToString("N"), "Acme Corp (Ana)");
        var listed = await RunAsync("contact", "list", "--in", Name);

        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        Assert.True(listed.ExitCode == 0, listed.ToString());
    }

    private void AssertListsBoth(ProcessResult result, string name = Name)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: 2 orgs are named '{name}'; give the id instead: {_local:N}, {_joined:N}",
            WithoutANodeTests.SingleLine(result.StandardError));
    }

    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        CliRunner.RunAsync([.. arguments, "--node", _node.HttpAddress.ToString(), "--data-dir", _node.DataDirectory]);
}
