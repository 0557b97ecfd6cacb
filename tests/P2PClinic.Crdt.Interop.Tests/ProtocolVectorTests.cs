using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// SyncProtocol and AwarenessProtocol against the bytes y-protocols 1.0.7 writes (sync.js and
/// awareness.js, framed with y-websocket's message type), both directions.
/// </summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class ProtocolVectorTests(YjsFixtures fixtures)
{
    [Theory]
    [InlineData("sync-step1", SyncMessageType.SyncStep1)]
    [InlineData("sync-step2", SyncMessageType.SyncStep2)]
    [InlineData("sync-update", SyncMessageType.Update)]
    public void SyncMessage_EncodedAndDecoded_MatchesYProtocols(string name, SyncMessageType type)
    {
        var vector = Vector(name);
        var payload = fixtures.Bytes(vector.Payload);
        var encoded = type switch
        {
            SyncMessageType.SyncStep1 => SyncProtocol.EncodeSyncStep1(payload),
            SyncMessageType.SyncStep2 => SyncProtocol.EncodeSyncStep2(payload),
            _ => SyncProtocol.EncodeUpdate(payload),
        };
        YjsHistoryTests.AssertBytes(fixtures.Bytes(vector.File), encoded, $"{name} message");

        var decoded = SyncProtocol.Decode(fixtures.Bytes(vector.File));
        Assert.Equal(type, decoded.Type);
        Assert.Equal(payload, decoded.Payload);
    }

    [Fact]
    public void SyncStep1OfADoc_AnsweredByHandle_BringsAnEmptyPeerToTheSameState()
    {
        var history = fixtures.Histories[0];
        var full = new Doc(new DocOptions { Gc = history.Gc });
        full.ApplyUpdate(fixtures.Bytes(history.State));
        var empty = new Doc();

        var step2 = SyncProtocol.Handle(full, SyncProtocol.EncodeSyncStep1(empty));
        Assert.NotNull(step2);
        Assert.Equal(SyncMessageType.SyncStep2, SyncProtocol.Decode(step2).Type);
        Assert.Null(SyncProtocol.Handle(empty, step2));

        YjsHistoryTests.AssertBytes(fixtures.Bytes(history.StateVector), empty.EncodeStateVector(), "state vector after step 2");
    }

    [Theory]
    [InlineData("awareness-update")]
    [InlineData("awareness-removal")]
    public void AwarenessUpdate_EncodedAndDecoded_MatchesYProtocols(string name)
    {
        var vector = Vector(name);
        var entries = vector.Entries!.Select(e => new AwarenessEntry(e.ClientId, e.Clock, e.StateJson)).ToList();

        YjsHistoryTests.AssertBytes(fixtures.Bytes(vector.Payload), AwarenessProtocol.EncodeUpdate(entries), $"{name} update");
        YjsHistoryTests.AssertBytes(fixtures.Bytes(vector.File), AwarenessProtocol.EncodeMessage(entries), $"{name} message");
        Assert.Equal(entries, AwarenessProtocol.DecodeUpdate(fixtures.Bytes(vector.Payload)));
        Assert.Equal(entries, AwarenessProtocol.DecodeMessage(fixtures.Bytes(vector.File)));
    }

    [Fact]
    public void ProtocolDecoders_OfMutatedMessages_ThrowOnlyCrdtFormatExceptionAndLeaveTheDocUnchanged()
    {
        var messages = fixtures.Manifest.Protocol.Select(v => fixtures.Bytes(v.File)).ToArray();
        var mutator = new UpdateMutator(0x5EED, messages);
        var rng = new Mulberry32(0xAB);
        var history = fixtures.Histories[0];
        var doc = new Doc(new DocOptions { Gc = history.Gc });
        doc.ApplyUpdate(fixtures.Bytes(history.ClientStates[0].State));
        var problems = new List<string>();
        for (var i = 0; i < 3_000 && problems.Count < 10; i++)
        {
            var (mutated, how) = mutator.Mutate(rng.Pick(messages));
            var before = doc.EncodeStateAsUpdate();
            Try(problems, $"SyncProtocol.Decode ({how})", () => SyncProtocol.Decode(mutated));
            Try(problems, $"AwarenessProtocol.DecodeMessage ({how})", () => AwarenessProtocol.DecodeMessage(mutated));
            Try(problems, $"AwarenessProtocol.DecodeUpdate ({how})", () => AwarenessProtocol.DecodeUpdate(mutated));
            try
            {
                SyncProtocol.Handle(doc, mutated);
                doc = new Doc(new DocOptions { Gc = history.Gc });
                doc.ApplyUpdate(fixtures.Bytes(history.ClientStates[0].State));
            }
            catch (CrdtFormatException)
            {
                if (Bytes.FirstDifference(before, doc.EncodeStateAsUpdate()) is { } change)
                {
                    problems.Add($"SyncProtocol.Handle rejected {how} but changed the doc: {change}");
                }
            }
            catch (Exception e)
            {
                problems.Add($"SyncProtocol.Handle ({how}): {e.GetType().Name} escaped: {e.Message}\n      input {Bytes.Hex(mutated, 0, 64)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Try(List<string> problems, string what, Func<object> call)
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
            problems.Add($"{what}: {e.GetType().Name} escaped: {e.Message}");
        }
    }

    private ProtocolVector Vector(string name) => fixtures.Manifest.Protocol.Single(v => v.Name == name);
}
