using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// YUpdate (updates without a doc) against yjs's mergeUpdates, diffUpdate and
/// encodeStateVectorFromUpdate on the same inputs: byte-identical where yjs is deterministic
/// (it is, for a given input order), and equivalent when applied.
/// </summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class YUpdateInteropTests(YjsFixtures fixtures)
{
    [Fact]
    public void Merge_OfConsecutiveUpdates_IsByteIdenticalToYjsMergeUpdates()
    {
        var report = new FailureReport("YUpdate.Merge byte-identical to Y.mergeUpdates");
        foreach (var history in fixtures.Histories)
        {
            var updates = fixtures.Updates(history);
            foreach (var merge in history.Merges)
            {
                report.Check($"{history.Label}, merge of [{string.Join(",", merge.Inputs)}]", () =>
                {
                    var merged = YUpdate.Merge([.. merge.Inputs.Select(i => updates[i])]);
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(merge.Output), merged, "merged update");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void Merge_OfBatches_IsByteIdenticalToYjsMergeUpdates()
    {
        var report = new FailureReport("YUpdate.Merge of delivery batches byte-identical to Y.mergeUpdates");
        foreach (var history in fixtures.Histories)
        {
            var updates = fixtures.Updates(history);
            for (var k = 0; k < history.Batched.Batches.Count; k++)
            {
                var batch = history.Batched.Batches[k];
                var output = history.Batched.Merged[k];
                report.Check($"{history.Label}, batch [{string.Join(",", batch)}]", () =>
                {
                    var merged = YUpdate.Merge([.. batch.Select(i => updates[i])]);
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(output), merged, "merged batch");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfAMergedUpdate_EqualsApplyingItsInputs()
    {
        var report = new FailureReport("applying a merge equals applying its inputs");
        foreach (var history in fixtures.Histories)
        {
            var updates = fixtures.Updates(history);
            foreach (var merge in history.Merges)
            {
                report.Check($"{history.Label}, merge of [{string.Join(",", merge.Inputs)}]", () =>
                {
                    var one = new Doc(new DocOptions { Gc = history.Gc });
                    one.ApplyUpdate(YUpdate.Merge([.. merge.Inputs.Select(i => updates[i])]));
                    var many = new Doc(new DocOptions { Gc = history.Gc });
                    foreach (var i in merge.Inputs)
                    {
                        many.ApplyUpdate(updates[i]);
                    }

                    YjsHistoryTests.AssertBytes(many.EncodeStateAsUpdate(), one.EncodeStateAsUpdate(), "state (inputs one by one vs merged)");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void Diff_AgainstAStateVector_IsByteIdenticalToYjsDiffUpdate()
    {
        var report = new FailureReport("YUpdate.Diff byte-identical to Y.diffUpdate");
        foreach (var history in fixtures.Histories)
        {
            foreach (var diff in history.Diffs)
            {
                report.Check($"{history.Label}, diff of {diff.Update} against {diff.StateVector}", () =>
                {
                    var update = fixtures.Bytes(diff.Update == "state" ? history.State : diff.Update);
                    var actual = YUpdate.Diff(update, fixtures.Bytes(diff.StateVector));
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(diff.Output), actual, "diff");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void Diff_OfTheFullState_AppliedToTheClientAtThatStateVector_GivesTheFullState()
    {
        var report = new FailureReport("client state + Diff(full state, client sv) = full state");
        foreach (var history in fixtures.Histories)
        {
            foreach (var client in history.ClientStates)
            {
                report.Check($"{history.Label}, client {client.Client}", () =>
                {
                    var doc = new Doc(new DocOptions { Gc = history.Gc });
                    doc.ApplyUpdate(fixtures.Bytes(client.State));
                    doc.ApplyUpdate(YUpdate.Diff(fixtures.Bytes(history.State), fixtures.Bytes(client.StateVector)));
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(history.StateVector), doc.EncodeStateVector(), "state vector");
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(client.CompletedByDiff.State), doc.EncodeStateAsUpdate(), "state of the completed client");
                    if (!history.Subdocs)
                    {
                        YjsHistoryTests.AssertJson(history.Roots, client.CompletedByDiff.Json, doc, "client state + diff");
                    }
                });
            }
        }

        report.ThrowIfAny();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(48)]
    [InlineData(512)]
    public void Split_OfYjssFullState_AppliedInAnyOrder_GivesYjssDocument(int targetBytes)
    {
        var report = new FailureReport($"YUpdate.Split of yjs's state into pieces of about {targetBytes} bytes");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var state = fixtures.Bytes(history.State);
                var pieces = YUpdate.Split(state, targetBytes);
                var orders = new[] { pieces.ToList(), pieces.Reverse().ToList(), pieces.OrderBy(p => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(p)), StringComparer.Ordinal).ToList() };
                foreach (var order in orders)
                {
                    var doc = new Doc(new DocOptions { Gc = history.Gc });
                    foreach (var piece in order)
                    {
                        doc.ApplyUpdate(piece);
                    }

                    // The same state as yjs's own document: byte-identical state and state vector, the same JSON.
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(history.StateVector), doc.EncodeStateVector(), "state vector after the pieces");
                    YjsHistoryTests.AssertBytes(state, doc.EncodeStateAsUpdate(), "state after the pieces");
                    if (!history.Subdocs)
                    {
                        YjsHistoryTests.AssertJson(history.Roots, history.Json, doc, "the pieces applied");
                    }
                }
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void EncodeStateVectorFromUpdate_IsByteIdenticalToYjs()
    {
        var report = new FailureReport("YUpdate.EncodeStateVectorFromUpdate byte-identical to yjs");
        foreach (var history in fixtures.Histories)
        {
            foreach (var sv in history.StateVectorsFromUpdates)
            {
                report.Check($"{history.Label}, state vector of {sv.Update}", () =>
                {
                    var update = fixtures.Bytes(sv.Update == "state" ? history.State : sv.Update);
                    YjsHistoryTests.AssertBytes(fixtures.Bytes(sv.Output), YUpdate.EncodeStateVectorFromUpdate(update), "state vector from update");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void DecodeStateVector_OfYjsStateVectors_GivesYjsClocks()
    {
        var report = new FailureReport("YUpdate.DecodeStateVector of yjs's encodeStateVector");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var decoded = YUpdate.DecodeStateVector(fixtures.Bytes(history.StateVector));
                var expected = history.StateVectorMap.ToDictionary(p => uint.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
                Assert.Equal(expected.OrderBy(p => p.Key), decoded.OrderBy(p => p.Key));
            });
        }

        report.ThrowIfAny();
    }
}
