using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>Association set-up: INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK (RFC 9260 section 5).</summary>
internal sealed partial class SctpAssociation
{
    /// <summary>INIT and INIT-ACK fixed part: initiate tag, a_rwnd, OS, MIS, initial TSN (RFC 9260 section 3.3.2).</summary>
    private const int InitFixedLength = 16;

    private readonly StateCookie _cookies = new();
    private readonly uint _localTag;
    private readonly uint _localInitialTsn;
    private readonly AssociationTimer _t1;
    private SctpAssociationState _state = SctpAssociationState.Closed;
    private uint _peerTag;
    private PeerInit _peer;
    private byte[]? _cookieToEcho;
    private int _t1Retransmissions;
    private TimeSpan _t1Timeout;

    private void SendInitLocked()
    {
        var packet = NewPacket(0);
        packet.BeginChunk(SctpChunkType.Init, 0);
        WriteInitFields(packet);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void WriteInitFields(SctpPacketWriter packet)
    {
        packet.WriteUInt32(_localTag);
        packet.WriteUInt32((uint)_options.ReceiveBufferSize);
        packet.WriteUInt16(StreamCount);
        packet.WriteUInt16(StreamCount);
        packet.WriteUInt32(_localInitialTsn);

        // RFC 5061 section 4.2.7: we speak RE-CONFIG (RFC 6525), which data channels close with.
        ReadOnlySpan<byte> extensions = [(byte)SctpChunkType.ReConfig];
        packet.WriteParameter(SctpConstants.ParamSupportedExtensions, extensions);
    }

    private void HandleInit(ReadOnlySpan<byte> value)
    {
        if (!TryParseInit(value, out var peer, out _)
            || _state is SctpAssociationState.ShutdownAckSent or SctpAssociationState.Terminated)
        {
            return;
        }

        // RFC 9260 sections 5.2.1 and 5.2.2: whatever our state, answer with our one local tag, so that
        // an INIT collision (both sides connecting at once, as libwebrtc does) ends in one association.
        var cookie = _cookies.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), _localTag, _localInitialTsn, peer);
        var packet = NewPacket(peer.InitiateTag);
        packet.BeginChunk(SctpChunkType.InitAck, 0);
        WriteInitFields(packet);
        packet.WriteParameter(SctpConstants.ParamStateCookie, cookie);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleInitAck(ReadOnlySpan<byte> value)
    {
        if (_state != SctpAssociationState.CookieWait || !TryParseInit(value, out var peer, out var cookie) || cookie is null)
        {
            return;
        }

        _peer = peer;
        _peerTag = peer.InitiateTag;
        _cookieToEcho = cookie;
        _state = SctpAssociationState.CookieEchoed;
        SendCookieEchoLocked();
        _t1Retransmissions = 0;
        _t1Timeout = _options.RtoInitial;
        _t1.Start(_t1Timeout);
    }

    private void SendCookieEchoLocked()
    {
        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.CookieEcho, 0);
        packet.WriteBytes(_cookieToEcho);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleCookieEcho(ReadOnlySpan<byte> value)
    {
        // A cookie we did not sign, or signed for another tag, is silently discarded (RFC 9260 section 5.1.5, step 2).
        if (!_cookies.TryOpen(value, out var contents) || contents.LocalTag != _localTag || contents.LocalInitialTsn != _localInitialTsn)
        {
            return;
        }

        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - contents.CreatedUnixMilliseconds;
        if (age > (long)_options.CookieLifetime.TotalMilliseconds)
        {
            SendStaleCookieErrorLocked(contents.Peer.InitiateTag, age);
            return;
        }

        switch (_state)
        {
            case SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                // Section 5.2.4 cases B and D: the cookie names our tag; its peer values are authoritative.
                SendCookieAckLocked(contents.Peer.InitiateTag);
                EnterEstablishedLocked(contents.Peer);
                break;
            default:
                if (contents.Peer.InitiateTag == _peerTag)
                {
                    // A retransmitted COOKIE-ECHO: our COOKIE-ACK was lost.
                    SendCookieAckLocked(_peerTag);
                }

                // A different peer tag would be a peer restart (case A), which data channels do not use.
                break;
        }
    }

    private void HandleCookieAck()
    {
        if (_state == SctpAssociationState.CookieEchoed)
        {
            EnterEstablishedLocked(_peer);
        }
    }

    private void SendCookieAckLocked(uint peerTag)
    {
        var packet = NewPacket(peerTag);
        packet.BeginChunk(SctpChunkType.CookieAck, 0);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void SendStaleCookieErrorLocked(uint peerTag, long ageMilliseconds)
    {
        // RFC 9260 section 3.3.10.3: Stale Cookie with the staleness in microseconds.
        var staleness = (uint)Math.Min(uint.MaxValue, (ageMilliseconds - (long)_options.CookieLifetime.TotalMilliseconds) * 1000);
        var packet = NewPacket(peerTag);
        packet.BeginChunk(SctpChunkType.Error, 0);
        packet.WriteUInt16(SctpConstants.CauseStaleCookie);
        packet.WriteUInt16(8);
        packet.WriteUInt32(staleness);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleError(ReadOnlySpan<byte> value)
    {
        // RFC 9260 section 5.2.6: our cookie went stale on the way; start over with a fresh INIT.
        if (_state == SctpAssociationState.CookieEchoed && value.Length >= 4
            && BinaryPrimitives.ReadUInt16BigEndian(value) == SctpConstants.CauseStaleCookie)
        {
            _state = SctpAssociationState.CookieWait;
            _peerTag = 0;
            _cookieToEcho = null;
            SendInitLocked();
            _t1.Start(_t1Timeout);
        }
    }

    private void EnterEstablishedLocked(PeerInit peer)
    {
        _t1.Stop();
        _peer = peer;
        _peerTag = peer.InitiateTag;
        _cookieToEcho = null;
        _inbound = new InboundData(peer.InitialTsn, _options.ReceiveBufferSize, _options.MaxReceiveMessageSize);
        _lastAdvertisedRwnd = (uint)_options.ReceiveBufferSize;
        _peerRwnd = peer.ARwnd;
        _ssthresh = (int)Math.Min(peer.ARwnd, int.MaxValue);
        _peerNextReconfigSeq = peer.InitialTsn;
        _state = SctpAssociationState.Established;
        _events.Writer.TryWrite(new AssociationEvent(AssociationEventKind.Established, 0, 0, null, null));
        _established.TrySetResult();
        TransmitLocked();
    }

    private void OnT1Expired()
    {
        if (_state is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return;
        }

        // RFC 9260 section 5.1.6 / 6.3.3: retransmit with a doubled timeout, give up after Max.Init.Retransmits.
        if (++_t1Retransmissions > _options.MaxInitRetransmissions)
        {
            TerminateLocked("the handshake timed out: the peer did not answer");
            return;
        }

        _t1Timeout = _t1Timeout * 2 > _options.RtoMax ? _options.RtoMax : _t1Timeout * 2;
        if (_state == SctpAssociationState.CookieWait)
        {
            SendInitLocked();
        }
        else
        {
            SendCookieEchoLocked();
        }

        _t1.Start(_t1Timeout);
    }

    /// <summary>Parses an INIT or INIT-ACK value; the state cookie is returned when present (INIT-ACK).</summary>
    private static bool TryParseInit(ReadOnlySpan<byte> value, out PeerInit peer, out byte[]? cookie)
    {
        peer = default;
        cookie = null;
        if (value.Length < InitFixedLength)
        {
            return false;
        }

        var tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        var rwnd = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        var outbound = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        var inbound = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        var initialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);

        // RFC 9260 section 3.3.2: a zero tag or zero stream counts are protocol errors.
        if (tag == 0 || outbound == 0 || inbound == 0)
        {
            return false;
        }

        var reconfig = false;
        var parameters = value[InitFixedLength..];
        while (parameters.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(parameters);
            int length = BinaryPrimitives.ReadUInt16BigEndian(parameters[2..]);
            if (length < 4 || length > parameters.Length)
            {
                return false;
            }

            var body = parameters[4..length];
            if (type == SctpConstants.ParamStateCookie)
            {
                cookie = body.ToArray();
            }
            else if (type == SctpConstants.ParamSupportedExtensions)
            {
                reconfig |= body.Contains((byte)SctpChunkType.ReConfig);
            }

            var padded = (length + 3) & ~3;
            parameters = parameters[Math.Min(padded, parameters.Length)..];
        }

        peer = new PeerInit(tag, rwnd, outbound, inbound, initialTsn, reconfig);
        return true;
    }
}
