using System.Text.Json;
using System.Text.RegularExpressions;

namespace P2PClinic.Cli.Tests;

/// <summary><c>p2pclinic org create|list|use|rename|leave</c> against a real node.</summary>
public sealed partial class OrgCommandTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task OrgCreateJsonPrintsTheNewOrgAndOrgListJsonContainsIt()
    {
        var name = Unique("Clinic");

        var created = await fixture.RunAsync("org", "create", name, "--color", "#3366ff", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        var org = JsonDocument.Parse(created.StandardOutput).RootElement;
        var id = org.GetProperty("id").GetString()!;
        Assert.Matches(OrgIdPattern(), id);
        Assert.Equal(name, org.GetProperty("name").GetString());
        Assert.Equal("#3366ff", org.GetProperty("color").GetString());
        Assert.False(org.GetProperty("shared").GetBoolean());
        Assert.True(org.TryGetProperty("isDefault", out _));
        Assert.Equal(JsonValueKind.String, org.GetProperty("createdAt").ValueKind);

        var listed = await ListAsync();
        Assert.Contains(listed, o => o.Id == id && o.Name == name);
    }

    [Fact]
    public async Task OrgCreateAndOrgListTablesShowTheNameAndId()
    {
        var name = Unique("Table");

        var created = await fixture.RunAsync("org", "create", name);
        var listed = await fixture.RunAsync("org", "list");

        Assert.True(created.ExitCode == 0, created.ToString());
        var id = (await ListAsync()).Single(o => o.Name == name).Id;
        Assert.Contains($"Created org '{name}' ({id}).", created.StandardOutput);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(name, listed.StandardOutput);
        Assert.Contains(id, listed.StandardOutput);
        Assert.Equal("", listed.StandardError);
    }

    [Fact]
    public async Task OrgRepairJsonOnAnIntactOrgKeepsEverythingAndSaysNothingWasLost()
    {
        var name = Unique("Repair");
        await CreateAsync(name);

        var repaired = await fixture.RunAsync("org", "repair", name, "--json");
        var table = await fixture.RunAsync("org", "repair", name);

        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        var reply = JsonDocument.Parse(repaired.StandardOutput).RootElement;
        Assert.Equal(0, reply.GetProperty("updatesLost").GetInt64());
        Assert.Equal(name, reply.GetProperty("org").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("org").GetProperty("damage").ValueKind);
        Assert.Contains("no update was lost", reply.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.StartsWith($"Repaired '{name}': 0 update(s) kept, no update was lost.", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgUseByNameMakesItTheOnlyDefault()
    {
        var name = Unique("Default");
        await CreateAsync(name);

        var used = await fixture.RunAsync("org", "use", name, "--json");

        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.True(JsonDocument.Parse(used.StandardOutput).RootElement.GetProperty("isDefault").GetBoolean());
        var defaults = (await ListAsync()).Where(o => o.IsDefault).ToList();
        Assert.Equal(name, Assert.Single(defaults).Name);

        var table = await fixture.RunAsync("org", "list");
        var defaultRow = table.StandardOutput.Split('\n').Single(line => line.Contains(name, StringComparison.Ordinal));
        Assert.Contains("*", defaultRow);
    }

    [Fact]
    public async Task OrgRenameByIdRenamesItOnTheNode()
    {
        var id = await CreateAsync(Unique("Old"));
        var newName = Unique("New name with spaces");

        var renamed = await fixture.RunAsync("org", "rename", id, newName, "--json");

        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        Assert.Equal(newName, JsonDocument.Parse(renamed.StandardOutput).RootElement.GetProperty("name").GetString());
        Assert.Equal(newName, (await ListAsync()).Single(o => o.Id == id).Name);
    }

    [Fact]
    public async Task OrgLeaveWithYesRemovesItFromTheNode()
    {
        var name = Unique("Leaving");
        var id = await CreateAsync(name);

        var left = await fixture.RunAsync("org", "leave", name, "--yes");

        Assert.True(left.ExitCode == 0, left.ToString());
        Assert.Contains($"Left org '{name}' ({id}).", left.StandardOutput);
        Assert.DoesNotContain(await ListAsync(), o => o.Id == id);
    }

    [Fact]
    public async Task OrgLeaveWithoutYesFromAScriptRefusesAndKeepsTheOrg()
    {
        var name = Unique("Staying");
        var id = await CreateAsync(name);

        var refused = await fixture.RunAsync("org", "leave", name);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"error: not leaving org '{name}': leaving deletes its data from this node; pass --yes to confirm",
            WithoutANodeTests.SingleLine(refused.StandardError));
        Assert.Contains(await ListAsync(), o => o.Id == id);
    }

    [Fact]
    public async Task AnUnknownOrgIsOneLineAndExitCode1()
    {
        foreach (var command in new[] { "use", "leave" })
        {
            var result = await fixture.RunAsync("org", command, "no-such-org");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("error: org 'no-such-org' not found", WithoutANodeTests.SingleLine(result.StandardError));
            Assert.Equal("", result.StandardOutput);
        }

        var rename = await fixture.RunAsync("org", "rename", "no-such-org", "Anything");
        Assert.Equal(1, rename.ExitCode);
        Assert.Equal("error: org 'no-such-org' not found", WithoutANodeTests.SingleLine(rename.StandardError));
    }

    [Fact]
    public async Task AnEmptyNameIsRefusedByTheNodeWithTheFieldNamed()
    {
        var before = await ListAsync();

        var create = await fixture.RunAsync("org", "create", "  ");
        var rename = await fixture.RunAsync("org", "rename", await CreateAsync(Unique("Named")), "");

        foreach (var result in new[] { create, rename })
        {
            Assert.Equal(1, result.ExitCode);
            var line = WithoutANodeTests.SingleLine(result.StandardError);
            Assert.StartsWith("error: ", line);
            Assert.Contains("name", line, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before.Count + 1, (await ListAsync()).Count);
    }

    [Fact]
    public async Task CreatingAnOrgWithANameAnotherOrgHasIsRefusedIgnoringCase()
    {
        var name = Unique("Twin");
        var first = await CreateAsync(name);

        var result = await fixture.RunAsync("org", "create", "  " + name.ToUpperInvariant() + " ");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: name: an org named '{name.ToUpperInvariant()}' already exists ({first}); choose another name", WithoutANodeTests.SingleLine(result.StandardError));
        Assert.Single(await ListAsync(), o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RenamingAnOrgToANameAnotherOrgHasIsRefusedButItsOwnNameInNewCaseIsFine()
    {
        var taken = Unique("Taken");
        var takenId = await CreateAsync(taken);
        var other = await CreateAsync(Unique("Other"));

        var refused = await fixture.RunAsync("org", "rename", other, taken.ToLowerInvariant());
        var recased = await fixture.RunAsync("org", "rename", takenId, taken.ToUpperInvariant());

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"error: name: an org named '{taken.ToLowerInvariant()}' already exists ({takenId}); choose another name", WithoutANodeTests.SingleLine(refused.StandardError));
        Assert.True(recased.ExitCode == 0, recased.ToString());
        Assert.Contains(await ListAsync(), o => o.Id == takenId && o.Name == taken.ToUpperInvariant());
    }

    private async Task<string> CreateAsync(string name)
    {
        var created = await fixture.RunAsync("org", "create", name, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        return JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<IReadOnlyList<ListedOrg>> ListAsync()
    {
        var listed = await fixture.RunAsync("org", "list", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        return JsonDocument.Parse(listed.StandardOutput).RootElement.EnumerateArray()
            .Select(o => new ListedOrg(o.GetProperty("id").GetString()!, o.GetProperty("name").GetString()!, o.GetProperty("isDefault").GetBoolean()))
            .ToList();
    }

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..6]}";

    private sealed record ListedOrg(string Id, string Name, bool IsDefault);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex OrgIdPattern();
}
