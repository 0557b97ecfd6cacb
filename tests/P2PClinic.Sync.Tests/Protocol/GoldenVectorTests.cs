using System.Text.Json;
using P2PClinic.Crdt;
using P2PClinic.Sync.Handshake;
using P2PClinic.Sync.Invites;
using P2PClinic.Sync.Keys;
using P2PClinic.Sync.Protocol;

namespace P2PClinic.Sync.Tests.Protocol;

/// <summary>
/// The node's encoding of every sync-protocol value against Vectors/sync-v1.json, which an independent Python
/// implementation of docs/protocol.md made (Vectors/make_sync_vectors.py). A change that breaks a version-1 peer
/// fails here.
/// </summary>
public sealed class GoldenVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "sync-v1.json"))).RootElement;

    [Fact]
    public void Hello_IsTheVector()
    {
        Assert.Equal(Hex("hello"), Hello.Ours.Encode());
        Assert.Equal(Hello.Ours, Hello.Decode(Hex("hello")));
    }

    [Fact]
    public void OrgKeys_FromThePassword_AreTheVector()
    {
        var keys = Vectors.GetProperty("keys");
        var derived = OrgKeys.Derive(keys.GetProperty("password").GetString()!, Guid.Parse(keys.GetProperty("orgId").GetString()!), keys.GetProperty("iterations").GetInt32());
        Assert.Equal(Hex(keys, "authKey"), derived.AuthKey);
        Assert.Equal(Hex(keys, "encryptionKey"), derived.EncryptionKey);
    }

    [Fact]
    public void Spake2Handshake_WithFixedScalars_GivesTheVectorsFramesAndKeys()
    {
        var spake = Vectors.GetProperty("spake2");
        Assert.Equal(Hex(spake, "w"), Spake2.DeriveW(Hex(Vectors.GetProperty("keys"), "authKey")));
        var context = new HandshakeContext(spake.GetProperty("peerA").GetString()!, spake.GetProperty("peerB").GetString()!,
            spake.GetProperty("fingerprintA").GetString()!, spake.GetProperty("fingerprintB").GetString()!,
            Guid.Parse(Vectors.GetProperty("keys").GetProperty("orgId").GetString()!), (byte)spake.GetProperty("version").GetInt32());
        Assert.True(context.IsA);
        Assert.Equal(Hex(spake, "aad"), context.AdditionalData);

        var a = Spake2.StartWithScalar(Spake2Role.A, Hex(spake, "w"), context.IdentityA, context.IdentityB, context.AdditionalData, Hex(spake, "x"));
        var b = Spake2.StartWithScalar(Spake2Role.B, Hex(spake, "w"), context.IdentityA, context.IdentityB, context.AdditionalData, Hex(spake, "y"));
        Assert.Equal(Hex(spake, "shareFrameA"), HandshakeFrames.Share(a.Message.Span));
        Assert.Equal(Hex(spake, "shareFrameB"), HandshakeFrames.Share(b.Message.Span));
        var atA = a.Finish(b.Message.Span);
        var atB = b.Finish(a.Message.Span);
        Assert.Equal(Hex(spake, "transcriptHash"), atA.TranscriptHash);
        Assert.Equal(Hex(spake, "Ke"), atA.SharedKey);
        Assert.Equal(Hex(spake, "confirmFrameA"), HandshakeFrames.Confirm(atA.OwnConfirmation));
        Assert.Equal(Hex(spake, "confirmFrameB"), HandshakeFrames.Confirm(atB.OwnConfirmation));

        var keysA = SessionKeys.Derive(atA.SharedKey, atA.TranscriptHash, Hex(Vectors.GetProperty("keys"), "encryptionKey"), isA: true);
        var keysB = SessionKeys.Derive(atB.SharedKey, atB.TranscriptHash, Hex(Vectors.GetProperty("keys"), "encryptionKey"), isA: false);
        Assert.Equal(Hex(Vectors.GetProperty("session"), "keyAToB"), keysA.Send);
        Assert.Equal(Hex(Vectors.GetProperty("session"), "keyBToA"), keysA.Receive);
        Assert.Equal(keysA.Send, keysB.Receive);
    }

    [Fact]
    public void SealedFrames_AreTheVectors_AndOpenInOrderOnly()
    {
        var session = Vectors.GetProperty("session");
        foreach (var direction in new[] { "A->B", "B->A" })
        {
            var key = Hex(session, direction == "A->B" ? "keyAToB" : "keyBToA");
            using var sealer = new FrameSealer(key);
            using var opener = new FrameSealer(key);
            foreach (var vector in Vectors.GetProperty("sealed").EnumerateArray().Where(v => v.GetProperty("direction").GetString() == direction))
            {
                Assert.Equal(vector.GetProperty("counter").GetUInt64(), sealer.Counter);
                var frame = sealer.Seal((FrameKind)vector.GetProperty("kind").GetInt32(), Hex(vector, "plaintext"));
                Assert.Equal(Hex(vector, "frame"), frame);
                var (kind, plaintext) = opener.Open(frame);
                Assert.Equal(vector.GetProperty("kind").GetInt32(), (int)kind);
                Assert.Equal(Hex(vector, "plaintext"), plaintext);
            }
        }

        // The second A->B frame under the first frame's counter: refused.
        using var fresh = new FrameSealer(Hex(session, "keyAToB"));
        Assert.Throws<SyncProtocolException>(() => fresh.Open(Hex(Vectors.GetProperty("sealed")[1], "frame")));
    }

    [Fact]
    public void SyncMessages_AreTheYProtocolsEncodingsOfTheVectors()
    {
        var messages = Vectors.GetProperty("messages");
        Assert.Equal(Hex(messages, "syncStep1"), SyncProtocol.EncodeSyncStep1(Hex(messages, "stateVector")));
        Assert.Equal(Hex(messages, "syncStep2"), SyncProtocol.EncodeSyncStep2(Hex(messages, "updatePayload")));
        Assert.Equal(Hex(messages, "update"), SyncProtocol.EncodeUpdate(Hex(messages, "updatePayload")));
        var entry = Assert.Single(AwarenessProtocol.DecodeMessage(Hex(messages, "awareness")));
        Assert.Equal("Ana", P2PClinic.Sync.Sessions.PresenceState.ReadName(entry.StateJson));
        Assert.Equal(Hex(messages, "awareness"), AwarenessProtocol.EncodeMessage([new AwarenessEntry(3141592653, 7, messages.GetProperty("presenceJson").GetString()!)]));
    }

    [Fact]
    public void Refusal_IsTheVector()
    {
        Assert.Equal(Hex("refuse"), HandshakeFrames.Refuse(RefuseCode.Incompatible, "this node speaks sync protocol 1-1, the peer 2-3"));
    }

    [Fact]
    public void InviteBlob_IsTheVector_AndOpensOnlyWithItsCode()
    {
        var invite = Vectors.GetProperty("invite");
        var code = invite.GetProperty("code").GetString()!;
        var blob = InviteSeal.Seal(System.Text.Encoding.UTF8.GetBytes(invite.GetProperty("payloadJson").GetString()!), code,
            invite.GetProperty("iterations").GetInt32(), Hex(invite, "salt"), Hex(invite, "nonce"));
        Assert.Equal(Hex(invite, "blob"), blob);

        var opened = InviteSeal.Open(blob, ShareCode.Normalize(invite.GetProperty("displayCode").GetString()!.ToLowerInvariant()));
        Assert.Equal("Acme Clinic", opened.Name);
        Assert.Equal(600_000, opened.Iterations);
        var wrong = Assert.Throws<InviteException>(() => InviteSeal.Open(blob, "ABCDEFGJ"));
        Assert.Equal(InviteFailure.WrongCode, wrong.Failure);
    }

    private static byte[] Hex(string name) => Convert.FromHexString(Vectors.GetProperty(name).GetString()!);

    private static byte[] Hex(JsonElement parent, string name) => Convert.FromHexString(parent.GetProperty(name).GetString()!);
}
