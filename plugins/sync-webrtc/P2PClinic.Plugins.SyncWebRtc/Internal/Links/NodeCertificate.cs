using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Links;

/// <summary>
/// The node's DTLS certificate, kept in the plugin's data folder so that the node presents the same fingerprint
/// across restarts (its transport identity; the channel binding's half that peers may later pin). Renewed when it
/// is unreadable or near its end.
/// </summary>
internal static class NodeCertificate
{
    public const string FileName = "dtls-certificate.pem";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public static RtcCertificate LoadOrCreate(string dataDirectory, TimeProvider time, ILogger logger)
    {
        if (string.IsNullOrEmpty(dataDirectory))
        {
            return RtcCertificate.Generate(time);
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            try
            {
                var pem = File.ReadAllText(path);
                OwnerOnly(path);
                using var x509 = X509Certificate2.CreateFromPem(pem);
                if (x509.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
                {
                    return RtcCertificate.ImportPem(pem);
                }

                SyncWebRtcLog.CertificateReplaced(logger, "it expires soon");
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                SyncWebRtcLog.CertificateReplaced(logger, e.Message);
            }
        }

        var created = RtcCertificate.Generate(time);
        Directory.CreateDirectory(dataDirectory);
        var temporary = path + ".tmp";

        // The creation mode below applies only to a file that does not exist yet: a leftover from a crash keeps
        // whatever mode it had.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // It holds the private key.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(created.ExportPem());
        }

        File.Move(temporary, path, overwrite: true);
        return created;
    }

    /// <summary>Takes group and other access away from a kept key (copied in by hand, or restored from a backup).</summary>
    private static void OwnerOnly(string path)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~ownerOnly) != 0)
        {
            File.SetUnixFileMode(path, ownerOnly);
        }
    }
}
