using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>BouncyCastle's crypto with AES-GCM records sealed by the platform (see <see cref="PlatformAesGcm"/>).</summary>
internal sealed class WebRtcTlsCrypto() : BcTlsCrypto(new SecureRandom())
{
    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
        => System.Security.Cryptography.AesGcm.IsSupported
            ? new TlsAeadCipher(cryptoParams, new PlatformAesGcm(encrypting: true), new PlatformAesGcm(encrypting: false), cipherKeySize, macSize, TlsAeadCipher.AEAD_GCM)
            : base.CreateCipher_Aes_Gcm(cryptoParams, cipherKeySize, macSize);
}
