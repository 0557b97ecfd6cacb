using System.Diagnostics.CodeAnalysis;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// Mutated valid updates (from yjs and from the C# engine): only CrdtFormatException may escape,
/// and a doc that rejected an update is exactly as before (state, state vector, roots, JSON).
/// Case counts are fixed (not time-boxed) and every case is drawn from its own seed, so every run
/// checks the same cases and any one replays alone (see <see cref="FuzzRun"/>); every input must
/// finish (a stalled one fails the test with the input saved).
/// </summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class FuzzTests(YjsFixtures fixtures, ITestOutputHelper output)
{
    /// <summary>Docs per run of the apply test; each meets <see cref="UpdatesPerDoc"/> mutated updates (25,000 in all).</summary>
    private const int ApplyCases = 500;
    private const int UpdatesPerDoc = 50;
    private const int FunctionCases = 4_000;
    private const int MaxReported = 10;

    [Fact]
    public void ApplyUpdate_OfMutatedUpdates_ThrowsOnlyCrdtFormatExceptionAndLeavesTheDocUnchanged()
    {
        var corpus = Corpus();
        var corpusBytes = corpus.Select(c => c.Bytes).ToArray();
        var histories = fixtures.Histories;
        var problems = new List<string>();
        var rejected = 0;
        var applied = 0;
        var completions = 0;
        var summary = FuzzRun.Run(0xF00D, ApplyCases, (fuzz, caseNumber) =>
        {
            if (problems.Count >= MaxReported)
            {
                return;
            }

            // One case: a doc holding part of a yjs history (so mutated updates meet existing
            // structs), then mutated updates against it; an accepted one may change the doc
            // legitimately, so the case starts again from the same doc.
            var seed = fuzz.CaseSeed(caseNumber);
            var rng = new Mulberry32(seed);
            var mutator = new UpdateMutator(seed ^ 0xA5A5A5A5, corpusBytes);
            var history = rng.Pick(histories);
            var prefix = rng.Int(history.Updates.Count + 1);
            Doc Fresh()
            {
                // A client id from the case's seed: a random one would make a case differ between runs.
                var fresh = new Doc(new DocOptions { Gc = history.Gc, ClientId = seed | 1 });
                foreach (var update in fixtures.Updates(history).Take(prefix))
                {
                    fresh.ApplyUpdate(update);
                }

                return fresh;
            }

            var doc = Fresh();
            var untouched = Snapshot.Of(doc, history);
            for (var k = 0; k < UpdatesPerDoc; k++)
            {
                var (source, input) = rng.Pick(corpus);
                var (mutated, how) = mutator.Mutate(input);
                var label = $"case {caseNumber} update {k} ({fuzz.Replay(caseNumber)}; {history.Name} after {prefix} updates; {source}: {how})";
                try
                {
                    fuzz.Watch(label, mutated, () => doc.ApplyUpdate(mutated));
                    applied++;
                    doc = Fresh();
                }
                catch (CrdtFormatException e)
                {
                    rejected++;
                    if (string.IsNullOrWhiteSpace(e.Message))
                    {
                        problems.Add($"{label}: CrdtFormatException without a message");
                    }

                    if (untouched.DifferenceFrom(Snapshot.Of(doc, history)) is { } change)
                    {
                        problems.Add($"{label}: rejected update changed the doc: {change}; rejection: {e.Message}\n      input {Bytes.Hex(mutated, 0, 96)}");
                        doc = Fresh();
                    }
                }
                catch (Exception e)
                {
                    problems.Add($"{label}: {e.GetType().Name} escaped: {e.Message}\n      input {Bytes.Hex(mutated, 0, 96)}\n      {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
                    doc = Fresh();
                }
            }

            // The doc rejected everything since it was made: it must still take the rest of its
            // history and end byte-identical to yjs (no half-integrated or pending leftovers).
            completions++;
            foreach (var update in fixtures.Updates(history).Skip(prefix))
            {
                fuzz.Watch($"case {caseNumber}: completing {history.Name} from update {prefix}", update, () => doc.ApplyUpdate(update));
            }

            if (Bytes.FirstDifference(fixtures.Bytes(history.State), doc.EncodeStateAsUpdate()) is { } leftover)
            {
                problems.Add($"case {caseNumber} ({fuzz.Replay(caseNumber)}): after rejecting mutated updates, {history.Name} completed from update {prefix} differs from yjs: {leftover}");
            }
        });
        output.WriteLine($"{rejected} rejected, {applied} applied, {completions} docs completed; {summary}");

        Assert.True(problems.Count == 0, $"{problems.Count} problems (showing up to {MaxReported}):\n  - {string.Join("\n  - ", problems)}");
        var cases = FuzzRun.Cases(ApplyCases);
        Assert.True(rejected > cases * UpdatesPerDoc / 4, $"only {rejected} of {cases * UpdatesPerDoc} mutations were rejected: the mutator is not hostile enough");
        Assert.Equal(cases, completions);
    }

    [Fact]
    public void YUpdateFunctions_OfMutatedInput_ThrowOnlyCrdtFormatException()
    {
        var corpus = Corpus();
        var corpusBytes = corpus.Select(c => c.Bytes).ToArray();
        var stateVectors = fixtures.Histories.SelectMany(h => h.ClientStates.Select(c => fixtures.Bytes(c.StateVector))).ToArray();
        var pristine = corpus.Select(c => c.Bytes.ToArray()).ToArray();
        var pristineVectors = stateVectors.Select(v => v.ToArray()).ToArray();
        var problems = new List<string>();
        var summary = FuzzRun.Run(0xCAFE, FunctionCases, (fuzz, caseNumber) =>
        {
            if (problems.Count >= MaxReported)
            {
                return;
            }

            var seed = fuzz.CaseSeed(caseNumber);
            var rng = new Mulberry32(seed);
            var mutator = new UpdateMutator(seed ^ 0x5A5A5A5A, corpusBytes);
            var (source, input) = rng.Pick(corpus);
            var (mutated, how) = mutator.Mutate(input);
            var (mutatedSv, svHow) = mutator.Mutate(rng.Pick(stateVectors));
            var valid = rng.Pick(corpus).Bytes;
            var someSv = rng.Pick(stateVectors);
            var replay = fuzz.Replay(caseNumber);
            Expect(fuzz, problems, $"Merge([mutated, valid]) ({replay}; {source}: {how})", mutated, () => YUpdate.Merge([mutated, valid]));
            Expect(fuzz, problems, $"Merge([valid, mutated]) ({replay}; {source}: {how})", mutated, () => YUpdate.Merge([valid, mutated]));
            Expect(fuzz, problems, $"Diff(mutated, sv) ({replay}; {source}: {how})", mutated, () => YUpdate.Diff(mutated, someSv));
            Expect(fuzz, problems, $"Diff(valid, mutated sv) ({replay}; {svHow})", mutatedSv, () => YUpdate.Diff(valid, mutatedSv));
            Expect(fuzz, problems, $"EncodeStateVectorFromUpdate ({replay}; {source}: {how})", mutated, () => YUpdate.EncodeStateVectorFromUpdate(mutated));
            Expect(fuzz, problems, $"DecodeStateVector ({replay}; {svHow})", mutatedSv, () => YUpdate.DecodeStateVector(mutatedSv));
            Expect(fuzz, problems, $"Doc.EncodeStateAsUpdate(mutated sv) ({replay}; {svHow})", mutatedSv, () => new Doc().EncodeStateAsUpdate(mutatedSv));
        });
        output.WriteLine(summary);

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n  - {string.Join("\n  - ", problems.Take(MaxReported))}");

        // The functions read their inputs and never write them (the valid ones are the shared fixtures).
        var written = corpus.Where((c, i) => !c.Bytes.AsSpan().SequenceEqual(pristine[i])).Select(c => c.Source).ToList();
        Assert.True(written.Count == 0, $"inputs changed by the YUpdate functions: {string.Join(", ", written.Take(MaxReported))}");
        Assert.True(stateVectors.Select((v, i) => v.AsSpan().SequenceEqual(pristineVectors[i])).All(same => same), "a state vector input was changed by the YUpdate functions");
    }

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

    private static void Expect(FuzzRun fuzz, List<string> problems, string what, byte[] input, Func<object> call)
    {
        try
        {
            fuzz.Watch(what, input, () => call());
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
