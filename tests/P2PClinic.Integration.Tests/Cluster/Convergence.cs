using P2PClinic.Api.Sync.V1;
using P2PClinic.Testing;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>Waiting, with generous bounds, until nodes agree: "it stalled" is a failure, how fast it went is not asserted.</summary>
internal static class Convergence
{
    /// <summary>How long nodes may take to agree after the last fault healed, on a busy 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Waits until every node holds exactly the same data of the org (every field); returns it.</summary>
    public static async Task<OrgSnapshot> WaitConvergedAsync(string orgId, IReadOnlyList<NodeContainer> nodes, ITestOutputHelper? output = null, TimeSpan? deadline = null)
    {
        OrgSnapshot[] last = [];
        var ok = await WaitUntilAsync(async () =>
        {
            last = await Task.WhenAll(nodes.Select(n => n.SnapshotAsync(orgId)));
            return last.All(s => s.Text == last[0].Text);
        }, deadline ?? Deadline);
        if (!ok)
        {
            var differing = Enumerable.Range(1, nodes.Count - 1).First(i => last[i].Text != last[0].Text);
            var message = $"the nodes did not converge on org {orgId}:\n" + OrgSnapshot.Difference(nodes[0].Name, last[0], nodes[differing].Name, last[differing]);
            output?.WriteLine(message);
            throw new TimeoutException(message);
        }

        return last[0];
    }

    /// <summary>Waits until the node's sync status of the org satisfies the condition; returns it.</summary>
    public static async Task<SyncStatus> WaitForStatusAsync(NodeContainer node, string orgId, Func<SyncStatus, bool> condition, string what)
    {
        SyncStatus? status = null;
        if (!await WaitUntilAsync(async () => condition(status = await node.Sync.GetSyncStatusAsync(new GetSyncStatusRequest { OrgId = orgId })), Deadline))
        {
            throw new TimeoutException($"{node.Name}: {what} did not happen; last status: {status}");
        }

        return status!;
    }

    /// <summary>
    /// Polls the condition until it holds (true) or the deadline passes (false), at most every half second: each
    /// check reads whole orgs or statuses from containers.
    /// </summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        try
        {
            await Eventually.WaitUntilAsync(condition, patience: deadline, maxInterval: PollInterval);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
}
