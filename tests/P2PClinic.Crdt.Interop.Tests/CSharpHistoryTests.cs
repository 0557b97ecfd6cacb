using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// The C# -> yjs direction: random multi-client histories made by the C# engine are written as
/// update files and applied by the real yjs (tests/interop/apply-updates.mjs), which must end in
/// the same JSON and re-encode the doc to exactly the bytes the C# engine encodes.
/// </summary>
public sealed class CSharpHistoryTests : IDisposable
{
    private const int HistoryCount = 30;
    private readonly string directory = Directory.CreateTempSubdirectory("p2pclinic-crdt-csharp-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Yjs_ApplyingCSharpUpdates_GivesTheSameJsonAndStateBytes()
    {
        var cases = new List<(CSharpHistory History, Doc Synced, List<(string Name, YTypeKind Kind)> Roots, string Order)>();
        var jobs = new List<NodeInterop.YjsJob>();
        for (uint seed = 1; seed <= HistoryCount; seed++)
        {
            var history = CSharpHistory.Generate(seed, gc: seed % 2 == 0);
            var files = new List<string>();
            for (var i = 0; i < history.Updates.Count; i++)
            {
                var file = Path.Combine(directory, $"s{seed}-u{i:D3}.bin");
                await File.WriteAllBytesAsync(file, history.Updates[i].Update);
                files.Add(file);
            }

            var synced = history.Synced();
            var roots = CSharpHistory.UsedRoots(synced);
            var rootSpecs = roots.Select(r => new NodeInterop.RootSpec(r.Name, r.Kind.ToString().ToLowerInvariant())).ToList();
            cases.Add((history, synced, roots, "generation"));
            jobs.Add(new NodeInterop.YjsJob(files, history.Gc, null, rootSpecs));
            cases.Add((history, synced, roots, "reversed"));
            jobs.Add(new NodeInterop.YjsJob(files, history.Gc, [.. Enumerable.Range(0, files.Count).Reverse()], rootSpecs));
        }

        var results = await NodeInterop.ApplyWithYjsAsync(jobs, directory);

        var report = new FailureReport("yjs applying C# updates");
        for (var i = 0; i < cases.Count; i++)
        {
            var (history, synced, roots, order) = cases[i];
            var yjs = results[i];
            report.Check($"{history.Label}, yjs applies them in {order} order", () =>
            {
                var csharpValues = CanonicalJson.RootValues(synced, roots);
                var differences = JsonComparison.Differences(yjs.Json, csharpValues);
                Assert.True(differences.Count == 0, $"yjs JSON differs from the C# doc:\n      {string.Join("\n      ", differences)}\n      yjs: {yjs.Json}\n      C#:  {CanonicalJson.Write(csharpValues)}");
                YjsHistoryTests.AssertBytes(yjs.StateBytes, synced.EncodeStateAsUpdate(), "yjs's encodeStateAsUpdate vs C#'s EncodeStateAsUpdate");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void CSharpClients_AfterSyncingWithEachOther_Converge()
    {
        var report = new FailureReport("C# clients converge after a full mutual sync");
        for (uint seed = 100; seed < 100 + HistoryCount; seed++)
        {
            var history = CSharpHistory.Generate(seed, gc: seed % 2 == 1);
            report.Check(history.Label, () =>
            {
                var clients = history.Clients;
                foreach (var to in clients)
                {
                    foreach (var from in clients.Where(c => c != to))
                    {
                        to.ApplyUpdate(from.EncodeStateAsUpdate(to.EncodeStateVector()));
                    }
                }

                var expected = history.Synced();
                var roots = CSharpHistory.UsedRoots(expected);
                var expectedJson = CanonicalJson.OfRoots(expected, roots);
                foreach (var client in clients)
                {
                    Assert.Equal(expectedJson, CanonicalJson.OfRoots(client, roots));
                    YjsHistoryTests.AssertBytes(expected.EncodeStateVector(), client.EncodeStateVector(), $"state vector of client {client.ClientId}");
                }
            });
        }

        report.ThrowIfAny();
    }
}
