using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// The yjs -> C# direction: random multi-client histories made by the real yjs
/// (tests/interop/gen-fixtures.mjs) are applied by the C# engine, which must end in the same
/// JSON and the byte-identical encoding.
/// </summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class YjsHistoryTests(YjsFixtures fixtures)
{
    [Fact]
    public void ApplyUpdate_EveryClientUpdateInGenerationOrder_GivesYjsJson()
    {
        var report = new FailureReport("JSON after applying the updates in generation order");
        foreach (var history in JsonComparable())
        {
            report.Check(history.Label, () =>
            {
                var doc = Apply(history, Enumerable.Range(0, history.Updates.Count));
                AssertJson(history, doc, "generation order");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void EncodeStateAsUpdate_AfterApplyingTheHistory_IsByteIdenticalToYjs()
    {
        var report = new FailureReport("EncodeStateAsUpdate byte-identical to yjs (generation order)");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var doc = Apply(history, Enumerable.Range(0, history.Updates.Count));
                AssertBytes(fixtures.Bytes(history.State), doc.EncodeStateAsUpdate(), "encodeStateAsUpdate");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_InEveryDeliveryOrder_GivesYjsJsonAndState()
    {
        var report = new FailureReport("JSON and state after reversed, shuffled and duplicated delivery");
        foreach (var history in fixtures.Histories)
        {
            foreach (var order in history.Orders.Where(o => o.Name != "generation"))
            {
                report.Check($"{history.Label}, order {order.Name} [{string.Join(",", order.Sequence)}]", () =>
                {
                    var doc = Apply(history, order.Sequence);
                    if (!history.Subdocs)
                    {
                        AssertJson(history, doc, order.Name);
                    }

                    AssertBytes(fixtures.Bytes(order.State), doc.EncodeStateAsUpdate(), "encodeStateAsUpdate");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfBatchesMergedByYUpdateMerge_GivesYjsState()
    {
        var report = new FailureReport("state after delivering YUpdate.Merge batches");
        foreach (var history in fixtures.Histories)
        {
            var batches = string.Join(" ", history.Batched.Batches.Select(b => $"[{string.Join(",", b)}]"));
            report.Check($"{history.Label}, batches {batches}", () =>
            {
                var updates = fixtures.Updates(history);
                var doc = new Doc(new DocOptions { Gc = history.Gc });
                foreach (var batch in history.Batched.Batches)
                {
                    doc.ApplyUpdate(YUpdate.Merge([.. batch.Select(i => updates[i])]));
                }

                if (!history.Subdocs)
                {
                    AssertJson(history, doc, "batched");
                }

                AssertBytes(fixtures.Bytes(history.Batched.State), doc.EncodeStateAsUpdate(), "encodeStateAsUpdate");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfBatchesMergedByYjs_GivesYjsState()
    {
        var report = new FailureReport("state after delivering batches merged by yjs's mergeUpdates");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var doc = new Doc(new DocOptions { Gc = history.Gc });
                foreach (var merged in history.Batched.Merged)
                {
                    doc.ApplyUpdate(fixtures.Bytes(merged));
                }

                AssertBytes(fixtures.Bytes(history.Batched.State), doc.EncodeStateAsUpdate(), "encodeStateAsUpdate");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void EncodeStateVector_AfterApplyingTheHistory_EqualsYjs()
    {
        var report = new FailureReport("state vector equal to yjs");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var doc = Apply(history, Enumerable.Range(0, history.Updates.Count));
                var stateVector = doc.EncodeStateVector();
                var decoded = YUpdate.DecodeStateVector(stateVector);
                var expected = history.StateVectorMap.ToDictionary(p => uint.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
                Assert.True(
                    decoded.Count == expected.Count && expected.All(p => decoded.TryGetValue(p.Key, out var clock) && clock == p.Value),
                    $"state vector: yjs {Show(expected)}, C# {Show(decoded)}");
                AssertBytes(fixtures.Bytes(history.StateVector), stateVector, "encodeStateVector");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void RootNames_AfterApplyingTheHistory_AreYjsRoots()
    {
        var report = new FailureReport("root names of the synced doc equal yjs's doc.share keys");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var doc = Apply(history, Enumerable.Range(0, history.Updates.Count));
                var expected = history.Roots.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
                var actual = doc.RootNames.Order(StringComparer.Ordinal).ToList();
                Assert.True(expected.SequenceEqual(actual), $"roots: yjs [{string.Join(", ", expected)}], C# [{string.Join(", ", actual)}]");
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void TryGetRootKind_OfRootsCreatedByUpdates_TellsWhatTheContentTells()
    {
        // contentKind: String/Format/Embed content -> text, other list content -> array, map entries
        // -> map, only GC'd/deleted content -> unknown (see kindFromContent in lib/canonical.mjs).
        var report = new FailureReport("TryGetRootKind of untyped roots");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var doc = Apply(history, Enumerable.Range(0, history.Updates.Count));
                foreach (var root in history.Roots)
                {
                    var known = doc.TryGetRootKind(root.Name, out var kind);
                    var expected = CanonicalJson.ParseKind(root.ContentKind);
                    var actual = known ? kind : YTypeKind.Unknown;
                    Assert.True(expected == actual, $"root {root.Name} (used as {root.Kind}): yjs content tells {root.ContentKind}, C# says {(known ? kind.ToString() : "false")}");
                }
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfYjsFullState_ReencodesByteIdentically()
    {
        var report = new FailureReport("yjs's full state applied to a fresh doc re-encodes byte-identically");
        foreach (var history in fixtures.Histories)
        {
            report.Check(history.Label, () =>
            {
                var state = fixtures.Bytes(history.State);
                var doc = new Doc(new DocOptions { Gc = history.Gc });
                doc.ApplyUpdate(state);
                AssertBytes(state, doc.EncodeStateAsUpdate(), "re-encoded state");
                if (!history.Subdocs)
                {
                    AssertJson(history, doc, "full state");
                }
            });
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfEachClientsOwnState_ReencodesByteIdentically()
    {
        // Client docs are only partly synced, so their states hold pending structs and delete sets
        // that refer to content they have not seen.
        var report = new FailureReport("each client's (partly synced) state re-encodes byte-identically");
        foreach (var history in fixtures.Histories)
        {
            foreach (var client in history.ClientStates)
            {
                report.Check($"{history.Label}, client {client.Client}", () =>
                {
                    var state = fixtures.Bytes(client.State);
                    var doc = new Doc(new DocOptions { Gc = history.Gc });
                    doc.ApplyUpdate(state);
                    AssertBytes(state, doc.EncodeStateAsUpdate(), "re-encoded client state");
                    AssertBytes(fixtures.Bytes(client.StateVector), doc.EncodeStateVector(), "client state vector");
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void EncodeStateAsUpdate_AgainstAClientsStateVector_BringsThatClientToTheFullState()
    {
        var report = new FailureReport("EncodeStateAsUpdate(targetStateVector) completes a partly synced client");
        foreach (var history in fixtures.Histories)
        {
            foreach (var client in history.ClientStates)
            {
                report.Check($"{history.Label}, client {client.Client}", () =>
                {
                    var full = Apply(history, Enumerable.Range(0, history.Updates.Count));
                    var clientDoc = new Doc(new DocOptions { Gc = history.Gc });
                    clientDoc.ApplyUpdate(fixtures.Bytes(client.State));
                    clientDoc.ApplyUpdate(full.EncodeStateAsUpdate(clientDoc.EncodeStateVector()));
                    AssertBytes(fixtures.Bytes(history.StateVector), clientDoc.EncodeStateVector(), "state vector after the diff");
                    AssertBytes(fixtures.Bytes(client.CompletedByEncode.State), clientDoc.EncodeStateAsUpdate(), "state of the completed client");
                    if (!history.Subdocs)
                    {
                        AssertJson(history.Roots, client.CompletedByEncode.Json, clientDoc, "client state + EncodeStateAsUpdate(client sv)");
                    }
                });
            }
        }

        report.ThrowIfAny();
    }

    [Fact]
    public void ApplyUpdate_OfLegacyContentKinds_GivesYjsJsonAndState()
    {
        var report = new FailureReport("legacy content kinds (ContentJSON) decode as yjs decodes them");
        foreach (var special in fixtures.Manifest.Specials)
        {
            report.Check(special.Name, () =>
            {
                var doc = new Doc();
                doc.ApplyUpdate(fixtures.Bytes(special.Update));
                AssertJson(special.Roots, special.Json, doc, special.Name);
                AssertBytes(fixtures.Bytes(special.State), doc.EncodeStateAsUpdate(), "encodeStateAsUpdate");
            });
        }

        report.ThrowIfAny();
    }

    internal Doc Apply(History history, IEnumerable<int> sequence)
    {
        var updates = fixtures.Updates(history);
        var doc = new Doc(new DocOptions { Gc = history.Gc });
        foreach (var i in sequence)
        {
            try
            {
                doc.ApplyUpdate(updates[i]);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"applying update #{i} ({history.Updates[i].File}, client {history.Updates[i].Client}) threw {e.GetType().Name}: {e.Message}", e);
            }
        }

        return doc;
    }

    private IEnumerable<History> JsonComparable() => fixtures.Histories.Where(h => !h.Subdocs);

    internal static void AssertJson(History history, Doc doc, string context) => AssertJson(history.Roots, history.Json, doc, context);

    internal static void AssertJson(IEnumerable<RootInfo> rootInfos, string expectedJson, Doc doc, string context)
    {
        var roots = rootInfos.Select(r => (r.Name, CanonicalJson.ParseKind(r.Kind)));
        var actual = CanonicalJson.RootValues(doc, roots);
        var differences = JsonComparison.Differences(expectedJson, actual);
        Assert.True(
            differences.Count == 0,
            $"JSON differs from yjs ({context}):\n      {string.Join("\n      ", differences)}\n      yjs: {Trim(expectedJson)}\n      C#:  {Trim(CanonicalJson.Write(actual))}");
    }

    internal static void AssertBytes(byte[] expected, byte[] actual, string what)
    {
        var difference = Bytes.FirstDifference(expected, actual);
        Assert.True(difference is null, $"{what} differs: {difference}");
    }

    private static string Trim(string text) => text.Length > 600 ? text[..600] + "..." : text;

    private static string Show<TKey>(IEnumerable<KeyValuePair<TKey, long>> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")) + "}";
}
