using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

/// <summary>
/// The sealed signal's layout as docs/transport.md writes it down, built and taken apart here independently of
/// SignalSeal: a change to the format breaks these tests, as it would break older peers.
/// </summary>
public sealed class SignalWireFormatTests
{
    private const string RoomId = "golden-room";
    private const string From = "AAECAwQFBgcICQoLDA0ODw";
    private const string To = "EBESExQVFhcYGRobHB0eHw";
    private static readonly DateTimeOffset SealedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ABlobBuiltFromTheDocumentedLayout_Opens()
    {
        var secrets = RoomSecrets.Derive(RoomId);
        var plaintext = new List<byte> { 1 };
        plaintext.AddRange(Enumerable.Range(0, 16).Select(i => (byte)i));
        plaintext.AddRange(Enumerable.Range(16, 16).Select(i => (byte)i));
        var numbers = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(numbers, SealedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(numbers.AsSpan(8), 0x0102030405060708);
        plaintext.AddRange(numbers);
        plaintext.AddRange("v=0\r\n"u8.ToArray());
        var nonce = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();
        var ciphertext = new byte[plaintext.Count];
        var tag = new byte[16];
        using (var aes = new AesGcm(secrets.SealKey, 16))
        {
            byte[] associated = [1, .. Encoding.ASCII.GetBytes(secrets.Token)];
            aes.Encrypt(nonce, plaintext.ToArray(), ciphertext, tag, associated);
        }

        byte[] blob = [1, .. nonce, .. ciphertext, .. tag];

        var signal = new SignalSeal(secrets, new FakeTimeProvider(SealedAt)).Open(blob, From, To);

        Assert.Equal(new Signal(SignalKind.Offer, From, To, SealedAt, 0x0102030405060708, "v=0\r\n"), signal);
    }

    [Fact]
    public void ASealedBlob_TakesTheDocumentedLayout()
    {
        var secrets = RoomSecrets.Derive(RoomId);
        var blob = new SignalSeal(secrets, new FakeTimeProvider(SealedAt)).Seal(SignalKind.Answer, From, To, 42, "v=0\r\n");

        var plaintext = new byte[blob.Length - 1 - 12 - 16];
        using (var aes = new AesGcm(secrets.SealKey, 16))
        {
            byte[] associated = [1, .. Encoding.ASCII.GetBytes(secrets.Token)];
            aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(13, plaintext.Length), blob.AsSpan(blob.Length - 16), plaintext, associated);
        }

        Assert.Equal(1, blob[0]);
        Assert.Equal(2, plaintext[0]);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), plaintext[1..33]);
        Assert.Equal(SealedAt.ToUnixTimeMilliseconds(), BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(33)));
        Assert.Equal(42UL, BinaryPrimitives.ReadUInt64BigEndian(plaintext.AsSpan(41)));
        Assert.Equal("v=0\r\n", Encoding.UTF8.GetString(plaintext.AsSpan(49)));
    }

    [Fact]
    public void AKnock_IsASignalWithNoDescription()
    {
        var seal = new SignalSeal(RoomSecrets.Derive(RoomId), new FakeTimeProvider(SealedAt));

        var blob = seal.Seal(SignalKind.Knock, From, To, 0, "");

        Assert.Equal(1 + 12 + 49 + 16, blob.Length);
        Assert.Equal(new Signal(SignalKind.Knock, From, To, SealedAt, 0, ""), seal.Open(blob, From, To));
    }
}
