using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>
/// A throwaway certificate authority for one cluster: the signaling containers serve HTTPS with a certificate it
/// signed (the nodes refuse plain HTTP to anything but loopback), and the node containers trust only it
/// (<c>SSL_CERT_FILE</c>). Made in memory per run; nothing is written to the test machine's trust store.
/// </summary>
internal sealed class TestCertificateAuthority
{
    private TestCertificateAuthority(string caPem, string serverCertificatePem, string serverKeyPem)
    {
        CaPem = caPem;
        ServerCertificatePem = serverCertificatePem;
        ServerKeyPem = serverKeyPem;
    }

    /// <summary>The authority's certificate, the only one the nodes trust.</summary>
    public string CaPem { get; }

    /// <summary>The signaling servers' certificate, valid for every name in <see cref="Create"/>'s list.</summary>
    public string ServerCertificatePem { get; }

    /// <summary>Its private key (PKCS#8).</summary>
    public string ServerKeyPem { get; }

    public static TestCertificateAuthority Create(params string[] serverNames)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=P2P Clinic integration test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={serverNames[0]}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in serverNames)
        {
            names.AddDnsName(name);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return new TestCertificateAuthority(ca.ExportCertificatePem(), server.ExportCertificatePem(), serverKey.ExportPkcs8PrivateKeyPem());
    }
}
