using P2PClinic.Testing;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>A real signaling server and three real nodes (A, B, C), shared by the tests of one class: each test makes its own orgs.</summary>
public sealed class MembersFixture : IAsyncLifetime
{
    private readonly List<string> _log = [];

    internal SignalingServerProcess Signaling { get; private set; } = null!;

    internal SyncNode A { get; private set; } = null!;

    internal SyncNode B { get; private set; } = null!;

    internal SyncNode C { get; private set; } = null!;

    /// <summary>What the processes printed, for a failing test's output.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(400));
            }
        }
    }

    public async Task InitializeAsync()
    {
        Signaling = await SignalingServerProcess.StartAsync();
        var nodes = await Task.WhenAll(
            SyncNode.StartAsync("A", Signaling.Address, Record),
            SyncNode.StartAsync("B", Signaling.Address, Record),
            SyncNode.StartAsync("C", Signaling.Address, Record));
        (A, B, C) = (nodes[0], nodes[1], nodes[2]);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { A, B, C })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        await Signaling.DisposeAsync();
    }

    private void Record(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}

/// <summary>The member tests share one set of processes and run one at a time (2 cores, real processes).</summary>
[CollectionDefinition(Name)]
public sealed class MembersCollection : ICollectionFixture<MembersFixture>
{
    public const string Name = "members";
}
