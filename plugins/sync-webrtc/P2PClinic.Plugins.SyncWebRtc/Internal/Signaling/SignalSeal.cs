using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>
/// Seals and opens a room's signals with AES-256-GCM under the room's key, so the signaling server sees neither SDP,
/// candidate addresses nor certificate fingerprints. The plaintext names sender and recipient and carries the time
/// it was sealed: a blob re-posted to another peer, re-posted as from another peer, replayed, or kept for later is
/// rejected. One instance per joined room (it remembers the nonces it accepted).
/// </summary>
/// <remarks>
/// Blob, version 1: <c>version (1) | nonce (12) | ciphertext | tag (16)</c>, with the version byte and the room token
/// as associated data. Plaintext: <c>kind (1) | from (16) | to (16) | sealed-at Unix ms (8, big-endian) |
/// attempt id (8) | SDP (UTF-8)</c>. Nonces are random (NIST SP 800-38D section 8.2.2): a room seals far fewer than
/// 2^32 signals.
/// </remarks>
internal sealed class SignalSeal
{
    public const byte Version = 1;

    /// <summary>docs/protocol.md: a signal is 1 to 16384 decoded bytes.</summary>
    public const int MaxSignalBytes = 16_384;

    /// <summary>Older signals cannot be live: the server keeps messages only for the presence TTL (2 minutes).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(3);

    /// <summary>Tolerated clock skew between peers for signals that seem to come from the future.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most nonces remembered at once. Honest rooms stay far below (the server's mailbox budget is 600 calls a
    /// minute per address, a nonce is kept 4 minutes); past it, signals are refused until old nonces expire, so a
    /// member flooding the room costs bounded memory (about 1 MiB).
    /// </summary>
    public const int MaxRememberedNonces = 16_384;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + PeerId.ByteLength + PeerId.ByteLength + 8 + 8;
    private const int Overhead = 1 + NonceSize + TagSize;

    private readonly byte[] key;
    private readonly byte[] associatedPrefix;
    private readonly TimeProvider time;
    private readonly Dictionary<UInt128, DateTimeOffset> acceptedNonces = [];
    private readonly Lock gate = new();

    public SignalSeal(RoomSecrets room, TimeProvider time)
    {
        key = room.SealKey;
        associatedPrefix = Encoding.ASCII.GetBytes(room.Token);
        this.time = time;
    }

    /// <summary>The largest SDP (in UTF-8 bytes) that fits in one signal.</summary>
    public static int MaxSdpBytes => MaxSignalBytes - Overhead - HeaderSize;

    /// <exception cref="ArgumentException">A peer id is malformed, or the SDP does not fit in a signal.</exception>
    public byte[] Seal(SignalKind kind, string from, string to, ulong attemptId, string sdp) =>
        Seal(kind, from, to, attemptId, sdp, RandomNumberGenerator.GetBytes(NonceSize));

    /// <summary>Seals with the given nonce: only for golden vectors (docs/vectors), which need a fixed one.</summary>
    /// <exception cref="ArgumentException">A peer id is malformed, the SDP does not fit, or the nonce is not 12 bytes.</exception>
    internal byte[] Seal(SignalKind kind, string from, string to, ulong attemptId, string sdp, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"a nonce is {NonceSize} bytes", nameof(nonce));
        }

        var sdpBytes = Encoding.UTF8.GetBytes(sdp);
        if (sdpBytes.Length > MaxSdpBytes)
        {
            throw new ArgumentException($"the session description is {sdpBytes.Length} bytes; a signal holds at most {MaxSdpBytes}", nameof(sdp));
        }

        var plaintext = new byte[HeaderSize + sdpBytes.Length];
        plaintext[0] = (byte)kind;
        if (!PeerId.TryDecode(from, plaintext.AsSpan(1, PeerId.ByteLength)) || !PeerId.TryDecode(to, plaintext.AsSpan(1 + PeerId.ByteLength, PeerId.ByteLength)))
        {
            throw new ArgumentException("peer ids are 22 base64url characters");
        }

        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(33, 8), time.GetUtcNow().ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(plaintext.AsSpan(41, 8), attemptId);
        sdpBytes.CopyTo(plaintext, HeaderSize);

        var blob = new byte[Overhead + plaintext.Length];
        blob[0] = Version;
        nonce.CopyTo(blob.AsSpan(1, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(1 + NonceSize, plaintext.Length), blob.AsSpan(blob.Length - TagSize), AssociatedData());
        return blob;
    }

    /// <summary>Opens a signal that the mailbox says <paramref name="expectedFrom"/> sent to <paramref name="expectedTo"/>.</summary>
    /// <exception cref="SignalRejectedException">The signal must be dropped.</exception>
    public Signal Open(ReadOnlySpan<byte> blob, string expectedFrom, string expectedTo)
    {
        if (blob.Length < Overhead + HeaderSize || blob[0] != Version)
        {
            throw new SignalRejectedException(SignalRejection.Malformed, "not a version 1 sealed signal");
        }

        var nonce = blob.Slice(1, NonceSize);
        var ciphertext = blob[(1 + NonceSize)..^TagSize];
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, TagSize))
        {
            try
            {
                aes.Decrypt(nonce, ciphertext, blob[^TagSize..], plaintext, AssociatedData());
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new SignalRejectedException(SignalRejection.NotAuthentic, "the signal does not authenticate under this room's key");
            }
        }

        if (!Enum.IsDefined((SignalKind)plaintext[0]))
        {
            throw new SignalRejectedException(SignalRejection.Malformed, $"unknown signal kind {plaintext[0]}");
        }

        Span<byte> expected = stackalloc byte[PeerId.ByteLength];
        if (!PeerId.TryDecode(expectedFrom, expected) || !expected.SequenceEqual(plaintext.AsSpan(1, PeerId.ByteLength)))
        {
            throw new SignalRejectedException(SignalRejection.WrongSender, "the signal was sealed by another peer than the one that posted it");
        }

        if (!PeerId.TryDecode(expectedTo, expected) || !expected.SequenceEqual(plaintext.AsSpan(1 + PeerId.ByteLength, PeerId.ByteLength)))
        {
            throw new SignalRejectedException(SignalRejection.WrongRecipient, "the signal was sealed for another peer");
        }

        // Compared as Unix milliseconds: a sealer (any room member) picks this value, and one outside DateTimeOffset's
        // range must be rejected like any other stale signal rather than throw out of the mailbox loop.
        var sentAtMs = BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(33, 8));
        var now = time.GetUtcNow();
        if (sentAtMs < (now - MaxAge).ToUnixTimeMilliseconds() || sentAtMs > (now + MaxFutureSkew).ToUnixTimeMilliseconds())
        {
            throw new SignalRejectedException(SignalRejection.Stale, $"the signal was sealed at Unix time {sentAtMs} ms, outside the accepted window");
        }

        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(sentAtMs);

        RememberNonce(nonce, now);
        var sdp = Encoding.UTF8.GetString(plaintext.AsSpan(HeaderSize));
        return new Signal((SignalKind)plaintext[0], expectedFrom, expectedTo, sentAt, BinaryPrimitives.ReadUInt64BigEndian(plaintext.AsSpan(41, 8)), sdp);
    }

    private void RememberNonce(ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        Span<byte> padded = stackalloc byte[16];
        nonce.CopyTo(padded);
        var id = BinaryPrimitives.ReadUInt128BigEndian(padded);
        lock (gate)
        {
            if (acceptedNonces.TryGetValue(id, out var until) && until > now)
            {
                throw new SignalRejectedException(SignalRejection.Replayed, "the signal was accepted once already");
            }

            if (acceptedNonces.Count % 64 == 0 || acceptedNonces.Count >= MaxRememberedNonces)
            {
                foreach (var expired in acceptedNonces.Where(e => e.Value <= now).Select(e => e.Key).ToList())
                {
                    acceptedNonces.Remove(expired);
                }
            }

            // Forgetting a live nonce would let its signal be replayed: refuse new signals instead, until some expire.
            if (acceptedNonces.Count >= MaxRememberedNonces && !acceptedNonces.ContainsKey(id))
            {
                throw new SignalRejectedException(SignalRejection.Flooded, $"{MaxRememberedNonces} signals were accepted in the last minutes; no more are taken until they age out");
            }

            // A nonce is remembered as long as its signal could pass the age check; after that the age check rejects it.
            acceptedNonces[id] = now + MaxAge + MaxFutureSkew;
        }
    }

    private byte[] AssociatedData()
    {
        var data = new byte[1 + associatedPrefix.Length];
        data[0] = Version;
        associatedPrefix.CopyTo(data, 1);
        return data;
    }
}
