using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Links;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

public sealed class NodeCertificateTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("p2pclinic-cert-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheCertificate_IsKeptAndReused_SoTheNodesFingerprintSurvivesARestart()
    {
        var first = NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);
        var again = NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.True(File.Exists(Path.Combine(directory, NodeCertificate.FileName)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheStoredKey_IsReadableByItsOwnerOnly()
    {
        NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, NodeCertificate.FileName)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AKeptKeyReadableByOthers_IsMadeOwnerOnly_AndStillUsed()
    {
        var first = NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);
        var path = Path.Combine(directory, NodeCertificate.FileName);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var again = NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ALeftoverTemporaryFileReadableByOthers_DoesNotLendItsModeToTheNewKey()
    {
        var path = Path.Combine(directory, NodeCertificate.FileName);
        File.WriteAllText(path + ".tmp", "left by a crash");
        File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AnUnreadableStoredCertificate_IsReplaced_NotFatal()
    {
        File.WriteAllText(Path.Combine(directory, NodeCertificate.FileName), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var replaced = NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(replaced.Fingerprint, NodeCertificate.LoadOrCreate(directory, TimeProvider.System, NullLogger.Instance).Fingerprint);
    }

    [Fact]
    public void ACertificateNearItsEnd_IsRenewed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var old = NodeCertificate.LoadOrCreate(directory, time, NullLogger.Instance);
        time.Advance(TimeSpan.FromDays(340));

        var renewed = NodeCertificate.LoadOrCreate(directory, time, NullLogger.Instance);

        Assert.NotEqual(old.Fingerprint, renewed.Fingerprint);
    }
}
