namespace P2PClinic.Crdt.Tests;

public class ProtocolTests
{
    [Fact]
    public void SyncStep1_IsSyncTypeZeroThenTheStateVectorAsBytes()
    {
        var doc = TestDocs.New(5);
        doc.GetText("t").Insert(0, "ab");
        // y-websocket frame: messageSync 0, messageYjsSyncStep1 0, varUint8Array(state vector [1 client: 5 -> 2]).
        Assert.Equal(new byte[] { 0, 0, 3, 1, 5, 2 }, SyncProtocol.EncodeSyncStep1(doc));
    }

    [Fact]
    public void SyncStep2AndUpdate_WrapTheUpdateBytes()
    {
        byte[] update = [0, 0];
        Assert.Equal(new byte[] { 0, 1, 2, 0, 0 }, SyncProtocol.EncodeSyncStep2(update));
        Assert.Equal(new byte[] { 0, 2, 2, 0, 0 }, SyncProtocol.EncodeUpdate(update));
        Assert.Equal(new SyncMessage(SyncMessageType.Update, update).Type, SyncProtocol.Decode([0, 2, 2, 0, 0]).Type);
    }

    [Fact]
    public void Handle_OfStep1_AnswersWithStep2_ThatBringsThePeerUpToDate()
    {
        var a = TestDocs.New(1);
        a.GetMap("m").Set("k", "v");
        var b = TestDocs.New(2);
        var reply = SyncProtocol.Handle(a, SyncProtocol.EncodeSyncStep1(b));
        Assert.NotNull(reply);
        Assert.Equal(SyncMessageType.SyncStep2, SyncProtocol.Decode(reply).Type);
        Assert.Null(SyncProtocol.Handle(b, reply, "peer"));
        Assert.Equal("v", b.GetMap("m").Get("k"));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 0, 0 })]
    [InlineData(new byte[] { 0, 3, 0 })]
    [InlineData(new byte[] { 0, 0, 5, 1 })]
    [InlineData(new byte[] { 0, 0, 1, 0, 9 })]
    public void Decode_OfMalformedSyncMessages_Throws(byte[] message)
    {
        Assert.Throws<CrdtFormatException>(() => SyncProtocol.Decode(message));
    }

    [Fact]
    public void AwarenessUpdate_IsCountThenClientClockAndJsonState()
    {
        var entries = new[] { new AwarenessEntry(5, 1, "{}"), new AwarenessEntry(300, 2, "null") };
        var update = AwarenessProtocol.EncodeUpdate(entries);
        Assert.Equal(new byte[] { 2, 5, 1, 2, 0x7B, 0x7D, 0xAC, 0x02, 2, 4, 0x6E, 0x75, 0x6C, 0x6C }, update);
        var message = AwarenessProtocol.EncodeMessage(entries);
        Assert.Equal(new byte[] { 1, (byte)update.Length }, message[..2]);
        var decoded = AwarenessProtocol.DecodeMessage(message);
        Assert.Equal(entries, decoded);
        Assert.True(decoded[1].IsRemoval);
    }

    [Theory]
    [InlineData(new byte[] { 1, 5, 1, 3, 0x7B })]
    [InlineData(new byte[] { 1, 5, 1, 1, 0x7B })]
    [InlineData(new byte[] { 2, 5, 1, 2, 0x7B, 0x7D })]
    public void DecodeUpdate_OfMalformedAwareness_Throws(byte[] update)
    {
        Assert.Throws<CrdtFormatException>(() => AwarenessProtocol.DecodeUpdate(update));
    }
}
