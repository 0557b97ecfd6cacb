using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>
/// AES-GCM record protection (RFC 5288) on the platform's AES-NI/PCLMUL implementation instead of BouncyCastle's
/// managed one: the DTLS record layer is the data path's hottest loop. BouncyCastle still does the handshake,
/// derives the keys and builds nonces and additional data; this only seals and opens.
/// </summary>
internal sealed class PlatformAesGcm(bool encrypting) : TlsAeadCipherImpl, IDisposable
{
    private const int TagLength = 16;

    private AesGcm? aes;
    private byte[] nonce = [];

    public void SetKey(byte[] key, int keyOff, int keyLen) => SetKey(key.AsSpan(keyOff, keyLen));

    public void SetKey(ReadOnlySpan<byte> key)
    {
        aes?.Dispose();
        aes = new AesGcm(key, TagLength);
    }

    public void Init(byte[] nonce, int macSize, byte[] additionalData)
    {
        if (macSize != TagLength || additionalData is { Length: > 0 })
        {
            // TLS 1.2 GCM suites always use a 16-byte tag and pass the additional data to DoFinal.
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }

        this.nonce = nonce;
    }

    public int GetOutputSize(int inputLength) => encrypting ? inputLength + TagLength : Math.Max(0, inputLength - TagLength);

    public int DoFinal(byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset)
        => DoFinal([], input, inputOffset, inputLength, output, outputOffset);

    public int DoFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset)
    {
        var cipher = aes ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        var source = input.AsSpan(inputOffset, inputLength);

        // AesGcm allows input and output to be the same memory or disjoint, not partially overlapping.
        if (input == output && inputOffset != outputOffset)
        {
            source = source.ToArray();
        }

        if (encrypting)
        {
            cipher.Encrypt(nonce, source, output.AsSpan(outputOffset, inputLength), output.AsSpan(outputOffset + inputLength, TagLength), additionalData);
            return inputLength + TagLength;
        }

        if (inputLength < TagLength)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        }

        var plaintextLength = inputLength - TagLength;
        try
        {
            cipher.Decrypt(nonce, source[..plaintextLength], source[plaintextLength..], output.AsSpan(outputOffset, plaintextLength), additionalData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        }

        return plaintextLength;
    }

    public void Reset()
    {
    }

    public void Dispose() => aes?.Dispose();
}
