using System.Buffers.Binary;
using Org.BouncyCastle.Tls;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>
/// Sits between BouncyCastle's record layer and the datagram transport. Once the peer has sent authenticated
/// application data, it has finished its handshake and will never again send unencrypted (epoch 0) records; from
/// then on, datagrams holding an epoch-0 record are dropped here. Without this, a forged plaintext handshake
/// fragment would reach the handshake retransmission logic, which treats a malformed one as fatal.
/// </summary>
internal sealed class DtlsRecordFilter(DatagramTransport inner) : DatagramTransport
{
    /// <summary>RFC 6347 section 4.1: type (1), version (2), epoch (2), sequence number (6), length (2).</summary>
    private const int RecordHeaderLength = 13;

    private volatile bool handshakeOver;

    public long Dropped { get; private set; }

    /// <summary>Called when the first authenticated application data arrived.</summary>
    public void PeerFinishedHandshake() => handshakeOver = true;

    public int GetReceiveLimit() => inner.GetReceiveLimit();

    public int GetSendLimit() => inner.GetSendLimit();

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        while (true)
        {
            var length = inner.Receive(buffer, waitMillis);
            if (length < 0 || !handshakeOver || IsEncryptedOnly(buffer[..length]))
            {
                return length;
            }

            Dropped++;
        }
    }

    public void Send(byte[] buf, int off, int len) => inner.Send(buf, off, len);

    public void Send(ReadOnlySpan<byte> buffer) => inner.Send(buffer);

    public void Close() => inner.Close();

    /// <summary>True when the datagram is a well-formed sequence of records, none of them in epoch 0.</summary>
    private static bool IsEncryptedOnly(ReadOnlySpan<byte> datagram)
    {
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderLength || BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]) == 0)
            {
                return false;
            }

            var recordLength = RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (recordLength > datagram.Length)
            {
                return false;
            }

            datagram = datagram[recordLength..];
        }

        return true;
    }
}
