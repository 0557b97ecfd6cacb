using P2PClinic.Sdk.Transport;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

public sealed class CertificateStoreFailureTests : IDisposable
{
    private readonly string blocker = Path.Combine(Path.GetTempPath(), "p2pclinic-cert-blocker-" + Guid.NewGuid().ToString("N"));

    public CertificateStoreFailureTests()
    {
        // A file where the plugin's data folder should be: the certificate cannot be stored under it.
        File.WriteAllText(blocker, "not a folder");
    }

    public void Dispose() => File.Delete(blocker);

    [Fact]
    public async Task Join_WhenTheDtlsCertificateCannotBeStored_FailsAsNotConfigured_NamingTheFolder()
    {
        var dataDirectory = Path.Combine(blocker, "plugin-data");
        await using var transport = TestTransports.Create(TestTransports.Settings(new Uri("http://127.0.0.1:9/")) with { DataDirectory = dataDirectory });

        var e = await Assert.ThrowsAsync<PeerTransportException>(() => transport.JoinAsync(TestTransports.NewRoomId(), CancellationToken.None));

        Assert.Equal(PeerTransportFailure.NotConfigured, e.Failure);
        Assert.Contains(dataDirectory, e.Message, StringComparison.Ordinal);
    }
}
