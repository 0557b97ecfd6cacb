using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

/// <summary>
/// Our sealing against the golden vectors in docs/vectors/signal-seal.json, which an independent implementation
/// computed from docs/transport.md: the same files any other implementation (a browser peer) checks itself against.
/// </summary>
public sealed class SignalSealVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "signal-seal.json"))).RootElement;

    private static readonly string[] RoomIds = [.. Vectors.GetProperty("rooms").EnumerateArray().Select(r => r.GetProperty("roomId").GetString()!)];

    public static TheoryData<string> Rooms() => [.. RoomIds];

    public static TheoryData<int> Signals() => [.. Enumerable.Range(0, Vectors.GetProperty("signals").GetArrayLength())];

    [Fact]
    public void TheFile_HoldsEveryKind_ForEveryRoom()
    {
        var signals = Vectors.GetProperty("signals").EnumerateArray().ToList();

        Assert.Equal(2, RoomIds.Length);
        Assert.Equal(
            RoomIds.SelectMany(room => Enum.GetValues<SignalKind>().Select(kind => (room, (int)kind))).Order(),
            signals.Select(s => (s.GetProperty("roomId").GetString()!, s.GetProperty("kind").GetInt32())).Order());
    }

    [Theory]
    [MemberData(nameof(Rooms))]
    public void Derive_GivesTheVectorsTokenAndSealingKey(string roomId)
    {
        var vector = Vectors.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("roomId").GetString() == roomId);

        var secrets = RoomSecrets.Derive(roomId);

        Assert.Equal(vector.GetProperty("token").GetString(), secrets.Token);
        Assert.Equal(vector.GetProperty("sealKeyHex").GetString(), Convert.ToHexStringLower(secrets.SealKey));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Seal_WithTheVectorsNonceAndTime_GivesTheVectorsBytes(int index)
    {
        var vector = Vectors.GetProperty("signals")[index];
        var (seal, _) = SealFor(vector);

        var blob = seal.Seal(
            (SignalKind)vector.GetProperty("kind").GetInt32(), vector.GetProperty("from").GetString()!, vector.GetProperty("to").GetString()!,
            AttemptIdOf(vector), vector.GetProperty("sdp").GetString()!, Convert.FromHexString(vector.GetProperty("nonceHex").GetString()!));

        Assert.Equal(vector.GetProperty("blobHex").GetString(), Convert.ToHexStringLower(blob));
        Assert.Equal(vector.GetProperty("signal").GetString(), Base64Url.EncodeToString(blob));
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Open_TheVectorsSignal_GivesItsFields(int index)
    {
        var vector = Vectors.GetProperty("signals")[index];
        var (seal, sealedAt) = SealFor(vector);
        var from = vector.GetProperty("from").GetString()!;
        var to = vector.GetProperty("to").GetString()!;

        var signal = seal.Open(Base64Url.DecodeFromChars(vector.GetProperty("signal").GetString()), from, to);

        Assert.Equal(new Signal((SignalKind)vector.GetProperty("kind").GetInt32(), from, to, sealedAt, AttemptIdOf(vector), vector.GetProperty("sdp").GetString()!), signal);
    }

    private static (SignalSeal Seal, DateTimeOffset SealedAt) SealFor(JsonElement vector)
    {
        var sealedAt = DateTimeOffset.FromUnixTimeMilliseconds(vector.GetProperty("sealedAtUnixMs").GetInt64());
        return (new SignalSeal(RoomSecrets.Derive(vector.GetProperty("roomId").GetString()!), new FakeTimeProvider(sealedAt)), sealedAt);
    }

    private static ulong AttemptIdOf(JsonElement vector) =>
        ulong.Parse(vector.GetProperty("attemptId").GetString()!, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
