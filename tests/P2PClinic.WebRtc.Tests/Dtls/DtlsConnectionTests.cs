using System.Security.Cryptography;
using System.Text;
using P2PClinic.WebRtc.Dtls;

namespace P2PClinic.WebRtc.Tests.Dtls;

public class DtlsConnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<(DtlsConnection Client, DtlsConnection Server)> HandshakeAsync(MemoryDatagramLink link, RtcCertificate client, RtcCertificate server, DtlsFingerprint? clientExpects = null, DtlsFingerprint? serverExpects = null)
    {
        using var cts = new CancellationTokenSource(Patience);
        var c = DtlsConnection.HandshakeAsync(link.A, asClient: true, client, clientExpects ?? server.FingerprintValue, TimeSpan.FromSeconds(5), cts.Token);
        var s = DtlsConnection.HandshakeAsync(link.B, asClient: false, server, serverExpects ?? client.FingerprintValue, TimeSpan.FromSeconds(5), cts.Token);
        return (await c, await s);
    }

    [Fact]
    public async Task Handshake_MatchingFingerprints_CarriesDataBothWays()
    {
        var link = new MemoryDatagramLink();
        RtcCertificate clientCertificate = RtcCertificate.Generate(), serverCertificate = RtcCertificate.Generate();
        var (client, server) = await HandshakeAsync(link, clientCertificate, serverCertificate);
        using var _ = client;
        using var __ = server;

        Assert.Equal(serverCertificate.FingerprintValue, client.RemoteFingerprint);
        Assert.Equal(clientCertificate.FingerprintValue, server.RemoteFingerprint);

        client.Send("ping"u8);
        var buffer = new byte[1500];
        var length = server.Receive(buffer, 5000);
        Assert.Equal("ping", Encoding.UTF8.GetString(buffer, 0, length));
        server.Send("pong"u8);
        length = client.Receive(buffer, 5000);
        Assert.Equal("pong", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public async Task Handshake_ServerCertificateNotTheOneInTheSdp_FailsWithFingerprintError()
    {
        var link = new MemoryDatagramLink();
        var impostor = RtcCertificate.Generate();
        var expected = RtcCertificate.Generate();
        using var cts = new CancellationTokenSource(Patience);
        var client = DtlsConnection.HandshakeAsync(link.A, true, RtcCertificate.Generate(), expected.FingerprintValue, TimeSpan.FromSeconds(3), cts.Token);
        var server = DtlsConnection.HandshakeAsync(link.B, false, impostor, DtlsFingerprint.FromCertificate(new byte[] { 1 }), TimeSpan.FromSeconds(3), cts.Token);
        var error = await Assert.ThrowsAsync<RtcConnectionException>(() => client);
        Assert.Contains("does not match the fingerprint", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RtcConnectionException>(() => server);
    }

    [Fact]
    public async Task Handshake_ClientCertificateNotTheOneInTheSdp_IsRejectedByTheServer()
    {
        var link = new MemoryDatagramLink();
        var serverCertificate = RtcCertificate.Generate();
        using var cts = new CancellationTokenSource(Patience);
        var client = DtlsConnection.HandshakeAsync(link.A, true, RtcCertificate.Generate(), serverCertificate.FingerprintValue, TimeSpan.FromSeconds(3), cts.Token);
        var server = DtlsConnection.HandshakeAsync(link.B, false, serverCertificate, RtcCertificate.Generate().FingerprintValue, TimeSpan.FromSeconds(3), cts.Token);
        var error = await Assert.ThrowsAsync<RtcConnectionException>(() => server);
        Assert.Contains("does not match the fingerprint", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RtcConnectionException>(() => client);
    }

    [Fact]
    public async Task Receive_TenThousandMutatedRecords_AreDroppedAndTheConnectionKeepsWorking()
    {
        var link = new MemoryDatagramLink();
        var records = new List<byte[]>();
        link.A.Sent = d => { lock (records) { records.Add(d); } };
        var (client, server) = await HandshakeAsync(link, RtcCertificate.Generate(), RtcCertificate.Generate());
        using var _ = client;
        using var __ = server;
        for (var i = 0; i < 20; i++)
        {
            client.Send(RandomNumberGenerator.GetBytes(100 + i));
        }

        var buffer = new byte[1500];
        for (var i = 0; i < 20; i++)
        {
            Assert.True(server.Receive(buffer, 5000) > 0);
        }

        byte[][] seeds;
        lock (records)
        {
            seeds = [.. records];
        }

        var random = new Random(6347);
        for (var i = 0; i < 10_000; i++)
        {
            link.B.Inject(Stun.StunMessageTests.Mutate(seeds[random.Next(seeds.Length)], random));
        }

        client.Send("still here"u8);
        int length;
        do
        {
            length = server.Receive(buffer, 5000);
        }
        while (length == 0);

        Assert.Equal("still here", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void Certificate_PemRoundTrip_KeepsTheFingerprint()
    {
        var certificate = RtcCertificate.Generate();
        var imported = RtcCertificate.ImportPem(certificate.ExportPem());
        Assert.Equal(certificate.Fingerprint, imported.Fingerprint);
        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint);
    }

    [Fact]
    public void Certificate_ImportPemOfGarbage_ThrowsCryptographicException()
    {
        Assert.ThrowsAny<CryptographicException>(() => RtcCertificate.ImportPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"));
    }

    [Theory]
    [InlineData("sha-1 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ZZ:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD")]
    public void Fingerprint_TryParseMalformed_ReturnsFalse(string text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out var fingerprint));
        Assert.Null(fingerprint);
    }
}
