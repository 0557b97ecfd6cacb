using System.Reflection;
using System.Text.Json;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>The sharing commands exactly as a user's scripts call them: org share, invite, join, peers, with --json.</summary>
[Collection(MembersCollection.Name)]
public sealed class SharingCliTests
{
    private const string Password = "a long enough password";
    private static readonly string CliAssembly = typeof(SharingCliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "P2PClinic.CliAssembly").Value!;
    private readonly MembersFixture _members;

    public SharingCliTests(MembersFixture members)
    {
        _members = members;
    }

    [Fact]
    public async Task ShareInviteJoinAndPeers_ThroughTheCli_WithThePasswordOnStandardInput()
    {
        var (a, b) = (_members.A, _members.B);
        var org = await a.CreateOrgAsync("Clinic by CLI");

        var shared = await CliAsync(a, $"{Password}\n", "org", "share", "Clinic by CLI", "--password-stdin", "--json");
        Assert.True(shared.ExitCode == 0, shared.ToString());
        Assert.Equal(org, JsonDocument.Parse(shared.StandardOutput).RootElement.GetProperty("orgId").GetString());

        var invite = await CliAsync(a, null, "org", "invite", org, "--json");
        Assert.True(invite.ExitCode == 0, invite.ToString());
        var code = JsonDocument.Parse(invite.StandardOutput).RootElement.GetProperty("code").GetString()!;

        var joined = await CliAsync(b, $"{Password}\n", "org", "join", code, "--password-stdin", "--json");
        Assert.True(joined.ExitCode == 0, joined.ToString());
        var join = JsonDocument.Parse(joined.StandardOutput).RootElement;
        Assert.Equal("done", join.GetProperty("stage").GetString());
        Assert.Equal("Clinic by CLI", join.GetProperty("orgName").GetString());

        var peers = await CliAsync(a, null, "org", "peers", org, "--json");
        Assert.True(peers.ExitCode == 0, peers.ToString());
        var status = JsonDocument.Parse(peers.StandardOutput).RootElement;
        Assert.Equal("online", status.GetProperty("state").GetString());
        Assert.Contains(status.GetProperty("peers").EnumerateArray(), p => p.GetProperty("displayName").GetString() == "B");

        var again = await CliAsync(b, $"{Password}\n", "org", "join", code, "--password-stdin");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("unknown, expired or already used", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoiningAnOrgNamedLikeALocalOne_Works_AndTheSharedNameThenListsBothIds()
    {
        // Names are unique per node only for what the node creates or renames: a joined org keeps its owner's name.
        var (a, b) = (_members.A, _members.B);
        var name = "Twin clinic " + Guid.NewGuid().ToString("N")[..6];
        var org = await a.CreateOrgAsync(name);
        var local = await b.CreateOrgAsync(name.ToUpperInvariant());
        Assert.Equal(0, (await CliAsync(a, $"{Password}\n", "org", "share", org, "--password-stdin")).ExitCode);
        var invite = await CliAsync(a, null, "org", "invite", org, "--json");
        var code = JsonDocument.Parse(invite.StandardOutput).RootElement.GetProperty("code").GetString()!;

        var joined = await CliAsync(b, $"{Password}\n", "org", "join", code, "--password-stdin", "--json");
        var ambiguous = await CliAsync(b, null, "contact", "list", "--in", name);

        Assert.True(joined.ExitCode == 0, joined.ToString());
        Assert.Equal(name, JsonDocument.Parse(joined.StandardOutput).RootElement.GetProperty("orgName").GetString());
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Equal($"error: 2 orgs are named '{name}'; give the id instead: {local}, {org}", ambiguous.StandardError.Trim());
    }

    [Fact]
    public async Task APasswordUnderEightCharacters_IsRefused_AndUnderTwelveWarns()
    {
        var a = _members.A;
        var org = await a.CreateOrgAsync("Clinic short password");
        var refused = await CliAsync(a, "1234567\n", "org", "share", org, "--password-stdin");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("at least 8", refused.StandardError, StringComparison.Ordinal);
        Assert.False((await a.Orgs.GetOrgAsync(new GetOrgRequest { Id = org })).Shared);

        var warned = await CliAsync(a, "12345678\n", "org", "share", org, "--password-stdin");
        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("warning:", warned.StandardError, StringComparison.Ordinal);

        var noTerminal = await CliAsync(a, "", "org", "join", "ABCD-EFGH");
        Assert.Equal(2, noTerminal.ExitCode);
        Assert.Contains("--password-stdin", noTerminal.StandardError, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> CliAsync(SyncNode node, string? input, params string[] arguments) =>
        ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [CliAssembly, .. arguments, "--node", node.Node.HttpAddress.ToString(), "--data-dir", node.Node.DataDirectory],
            environment: new Dictionary<string, string?> { ["P2PCLINIC_TOKEN"] = null, ["P2PCLINIC_DATA"] = null, ["P2PCLINIC_DATA_DIR"] = null },
            standardInput: input);
}
