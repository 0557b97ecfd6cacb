using P2PClinic.Api.Sync.V1;
using Xunit.Abstractions;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>
/// Waiting for members to agree, with a deadline that guards against a hang (not a timing assertion): on a timeout the
/// test fails with what the nodes last showed and what the processes printed.
/// </summary>
internal sealed class MemberWaits
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly MembersFixture _members;
    private readonly ITestOutputHelper _output;

    public MemberWaits(MembersFixture members, ITestOutputHelper output)
    {
        _members = members;
        _output = output;
    }

    /// <summary>Until every node shows the same full data of the org (<see cref="SyncNode.SnapshotAsync"/>); returns it.</summary>
    public async Task<string> ConvergedAsync(string org, params SyncNode[] nodes)
    {
        string[] last = [];
        await UntilAsync(async () =>
        {
            last = await Task.WhenAll(nodes.Select(n => n.SnapshotAsync(org)));
            return last.Distinct().Count() == 1;
        }, "the members to converge", () => string.Join("\n---\n", last.Select((s, i) => nodes[i].Name + ":\n" + s)));
        return last[0];
    }

    public async Task<SyncStatus> StatusAsync(SyncNode node, string org, Func<SyncStatus, bool> condition)
    {
        SyncStatus? status = null;
        await UntilAsync(async () => condition(status = await node.Sync.GetSyncStatusAsync(new GetSyncStatusRequest { OrgId = org })), "a sync status", () => status?.ToString() ?? "");
        return status!;
    }

    public async Task UntilAsync(Func<Task<bool>> condition, string what, Func<string>? describe = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                _output.WriteLine(_members.Log);
                Assert.Fail($"timed out waiting for {what}: {describe?.Invoke()}");
            }

            await Task.Delay(200);
        }
    }
}
