namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>Chunk types (RFC 9260 section 3.2, RFC 6525 section 3.1 for RE-CONFIG, RFC 3758 for FORWARD-TSN).</summary>
internal enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    ReConfig = 130,
    ForwardTsn = 192,
}

/// <summary>Protocol constants with the section that defines them.</summary>
internal static class SctpConstants
{
    /// <summary>Common header length (RFC 9260 section 3.1).</summary>
    public const int CommonHeaderLength = 12;

    /// <summary>Chunk header length: type, flags, length (RFC 9260 section 3.2).</summary>
    public const int ChunkHeaderLength = 4;

    /// <summary>DATA chunk header: chunk header + TSN, stream id, SSN, PPID (RFC 9260 section 3.3.1).</summary>
    public const int DataChunkHeaderLength = 16;

    /// <summary>DATA flags (RFC 9260 section 3.3.1).</summary>
    public const byte DataFlagEnding = 0x01, DataFlagBeginning = 0x02, DataFlagUnordered = 0x04, DataFlagImmediate = 0x08;

    /// <summary>T bit of ABORT and SHUTDOWN-COMPLETE: the verification tag is the sender's own (RFC 9260 sections 3.3.7, 3.3.13).</summary>
    public const byte FlagTagReflected = 0x01;

    /// <summary>INIT parameters (RFC 9260 section 3.3.2.1).</summary>
    public const ushort ParamStateCookie = 7, ParamHeartbeatInfo = 1, ParamSupportedExtensions = 0x8008;

    /// <summary>RE-CONFIG parameters (RFC 6525 section 4).</summary>
    public const ushort ParamOutgoingSsnResetRequest = 13, ParamIncomingSsnResetRequest = 14, ParamReconfigResponse = 16;

    /// <summary>RE-CONFIG results (RFC 6525 section 4.4).</summary>
    public const uint ReconfigSuccessNothingToDo = 0, ReconfigSuccessPerformed = 1, ReconfigDenied = 2, ReconfigErrorWrongSsn = 3, ReconfigErrorBadSequenceNumber = 5, ReconfigInProgress = 6;

    /// <summary>Error causes (RFC 9260 section 3.3.10).</summary>
    public const ushort CauseStaleCookie = 3, CauseProtocolViolation = 13, CauseUserInitiatedAbort = 12;
}
