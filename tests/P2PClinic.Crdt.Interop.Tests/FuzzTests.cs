using System.Diagnostics.CodeAnalysis;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// Mutated valid updates (from yjs and from the C# engine): only CrdtFormatException may escape,
/// and a doc that rejected an update is exactly as before (state, state vector, roots, JSON).
/// Iteration counts are fixed (not time-boxed) so every run checks the same cases.
/// </summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class FuzzTests(YjsFixtures fixtures)
{
    private const int ApplyIterations = 25_000;
    private const int FunctionIterations = 4_000;
    private const int MaxReported = 10;

    [Fact(Timeout = 300_000, Skip = "Known bug, open (issue 12): in 2 of 3 full runs on 2026-12-02 this fuzz run failed or hung past 5 minutes on a mutated input, while it passes run alone. A hang on a malformed update is a denial of service, so it is not ignored: plan: log each mutated input before applying it, catch the hanging one, add it as a regression case, fix the decoder, then drop this Skip")]
    public Task ApplyUpdate_OfMutatedUpdates_ThrowsOnlyCrdtFormatExceptionAndLeavesTheDocUnchanged() => Task.Run(() =>
    {
        var corpus = Corpus();
        var histories = fixtures.Histories;
        var mutator = new UpdateMutator(0xF00D, [.. corpus.Select(c => c.Bytes)]);
        var rng = new Mulberry32(0xBEEF);
        var problems = new List<string>();
        var rejected = 0;
        Doc? doc = null;
        History? docHistory = null;
        int docPrefix = 0;
        var completions = 0;
        for (var i = 0; i < ApplyIterations && problems.Count < MaxReported; i++)
        {
            if (doc is not null && i % 50 == 0)
            {
                // A doc that rejected everything since it was made must still take the rest of its
                // history and end byte-identical to yjs: no half-integrated or pending leftovers.
                completions++;
                foreach (var update in fixtures.Updates(docHistory!).Skip(docPrefix))
                {
                    doc.ApplyUpdate(update);
                }

                if (Bytes.FirstDifference(fixtures.Bytes(docHistory!.State), doc.EncodeStateAsUpdate()) is { } leftover)
                {
                    problems.Add($"after rejecting mutated updates, {docHistory.Name} completed from update {docPrefix} differs from yjs: {leftover}");
                }
            }

            if (doc is null || i % 50 == 0)
            {
                // A doc holding part of a yjs history, so mutated updates meet existing structs.
                docHistory = rng.Pick(histories);
                docPrefix = rng.Int(docHistory.Updates.Count + 1);
                doc = new Doc(new DocOptions { Gc = docHistory.Gc });
                foreach (var update in fixtures.Updates(docHistory).Take(docPrefix))
                {
                    doc.ApplyUpdate(update);
                }
            }

            var current = doc;
            var (source, input) = rng.Pick(corpus);
            var (mutated, how) = mutator.Mutate(input);
            var before = Snapshot.Of(current, docHistory!);
            try
            {
                current.ApplyUpdate(mutated);
                doc = null; // it may have changed legitimately; start from a fresh one
            }
            catch (CrdtFormatException e)
            {
                rejected++;
                if (string.IsNullOrWhiteSpace(e.Message))
                {
                    problems.Add($"case {i}: CrdtFormatException without a message ({source}: {how})");
                }

                var after = Snapshot.Of(current, docHistory!);
                var change = before.DifferenceFrom(after);
                if (change is not null)
                {
                    problems.Add($"case {i}: rejected update changed the doc ({docHistory!.Name} after {docPrefix} updates; {source}: {how}): {change}; rejection: {e.Message}");
                    doc = null;
                }
            }
            catch (Exception e)
            {
                problems.Add($"case {i}: {e.GetType().Name} escaped ({source}: {how}; doc {docHistory!.Name} after {docPrefix} updates): {e.Message}\n      input {Bytes.Hex(mutated, 0, 96)}\n      {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
                doc = null;
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems (showing up to {MaxReported}):\n  - {string.Join("\n  - ", problems)}");
        Assert.True(rejected > ApplyIterations / 4, $"only {rejected} of {ApplyIterations} mutations were rejected: the mutator is not hostile enough");
        Assert.True(completions > 50, $"only {completions} docs were completed after rejections");
    });

    [Fact(Timeout = 300_000, Skip = "Known bug, open (issue 12): in 2 of 3 full runs on 2026-12-02 this fuzz run failed or hung past 5 minutes on a mutated input, while it passes run alone. A hang on a malformed update is a denial of service, so it is not ignored: plan: log each mutated input before applying it, catch the hanging one, add it as a regression case, fix the decoder, then drop this Skip")]
    public Task YUpdateFunctions_OfMutatedInput_ThrowOnlyCrdtFormatException() => Task.Run(() =>
    {
        var corpus = Corpus();
        var stateVectors = fixtures.Histories.SelectMany(h => h.ClientStates.Select(c => fixtures.Bytes(c.StateVector))).ToArray();
        var mutator = new UpdateMutator(0xCAFE, [.. corpus.Select(c => c.Bytes)]);
        var rng = new Mulberry32(0xD1FF);
        var problems = new List<string>();
        for (var i = 0; i < FunctionIterations && problems.Count < MaxReported; i++)
        {
            var (source, input) = rng.Pick(corpus);
            var (mutated, how) = mutator.Mutate(input);
            var (mutatedSv, svHow) = mutator.Mutate(rng.Pick(stateVectors));
            var valid = rng.Pick(corpus).Bytes;
            Expect(problems, $"Merge([mutated, valid]) ({source}: {how})", mutated, () => YUpdate.Merge([mutated, valid]));
            Expect(problems, $"Merge([valid, mutated]) ({source}: {how})", mutated, () => YUpdate.Merge([valid, mutated]));
            Expect(problems, $"Diff(mutated, sv) ({source}: {how})", mutated, () => YUpdate.Diff(mutated, rng.Pick(stateVectors)));
            Expect(problems, $"Diff(valid, mutated sv) ({svHow})", mutatedSv, () => YUpdate.Diff(valid, mutatedSv));
            Expect(problems, $"EncodeStateVectorFromUpdate ({source}: {how})", mutated, () => YUpdate.EncodeStateVectorFromUpdate(mutated));
            Expect(problems, $"DecodeStateVector ({svHow})", mutatedSv, () => YUpdate.DecodeStateVector(mutatedSv));
            Expect(problems, $"Doc.EncodeStateAsUpdate(mutated sv) ({svHow})", mutatedSv, () => new Doc().EncodeStateAsUpdate(mutatedSv));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n  - {string.Join("\n  - ", problems.Take(MaxReported))}");
    });

    [Fact]
    public void ApplyUpdate_OfEveryTruncationOfAState_IsRejectedWithoutChangingTheDoc()
    {
        // Every proper prefix of an update is incomplete; yjs reads past the end and throws on all of them.
        var report = new FailureReport("every truncation of a full state is rejected cleanly");
        foreach (var history in fixtures.Histories.Take(8))
        {
            var state = fixtures.Bytes(history.State);
            report.Check(history.Label, () =>
            {
                var doc = new Doc(new DocOptions { Gc = history.Gc });
                doc.ApplyUpdate(fixtures.Bytes(history.ClientStates[0].State));
                var before = Snapshot.Of(doc, history);
                for (var length = 0; length < state.Length; length++)
                {
                    var cut = state[..length];
                    Assert.Throws<CrdtFormatException>(() => doc.ApplyUpdate(cut));
                    var change = before.DifferenceFrom(Snapshot.Of(doc, history));
                    Assert.True(change is null, $"truncated to {length} of {state.Length} bytes changed the doc: {change}");
                }
            });
        }

        report.ThrowIfAny();
    }

    private static void Expect(List<string> problems, string what, byte[] input, Func<object> call)
    {
        try
        {
            call();
        }
        catch (CrdtFormatException)
        {
        }
        catch (Exception e)
        {
            problems.Add($"{what}: {e.GetType().Name} escaped: {e.Message}\n      input {Bytes.Hex(input, 0, 96)}\n      {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }

    private List<(string Source, byte[] Bytes)> Corpus()
    {
        var corpus = new List<(string Source, byte[] Bytes)>();
        foreach (var history in fixtures.Histories)
        {
            corpus.AddRange(history.Updates.Select(u => ($"{u.File} (yjs)", fixtures.Bytes(u.File))));
            corpus.Add(($"{history.State} (yjs)", fixtures.Bytes(history.State)));
            corpus.AddRange(history.Merges.Select(m => ($"{m.Output} (yjs)", fixtures.Bytes(m.Output))));
        }

        for (uint seed = 1; seed <= 6; seed++)
        {
            var history = CSharpHistory.Generate(seed, gc: seed % 2 == 0, steps: 20);
            corpus.AddRange(history.Updates.Select((u, i) => ($"C# history {seed} update {i}", u.Update)));
            corpus.Add(($"C# history {seed} state", history.Synced().EncodeStateAsUpdate()));
        }

        return corpus;
    }

    /// <summary>Everything observable about a doc that a rejected update must not change.</summary>
    private sealed record Snapshot(byte[] State, byte[] StateVector, string Roots, string Json)
    {
        public static Snapshot Of(Doc doc, History history)
        {
            var names = doc.RootNames.Order(StringComparer.Ordinal).ToList();
            var typed = history.Roots.Where(r => names.Contains(r.Name)).Select(r => (r.Name, CanonicalJson.ParseKind(r.Kind)));
            return new Snapshot(doc.EncodeStateAsUpdate(), doc.EncodeStateVector(), string.Join("|", names), history.Subdocs ? string.Empty : CanonicalJson.OfRoots(doc, typed));
        }

        [SuppressMessage("Style", "IDE0046", Justification = "a chain of ifs reads better here")]
        public string? DifferenceFrom(Snapshot after)
        {
            if (Bytes.FirstDifference(State, after.State) is { } state)
            {
                return $"EncodeStateAsUpdate changed: {state}";
            }

            if (Bytes.FirstDifference(StateVector, after.StateVector) is { } sv)
            {
                return $"state vector changed: {sv}";
            }

            if (Roots != after.Roots)
            {
                return $"roots changed from [{Roots}] to [{after.Roots}]";
            }

            return Json != after.Json ? $"JSON changed from {Json} to {after.Json}" : null;
        }
    }
}
