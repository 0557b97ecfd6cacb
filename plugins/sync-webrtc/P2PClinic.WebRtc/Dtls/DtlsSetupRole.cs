namespace P2PClinic.WebRtc.Dtls;

/// <summary>The SDP <c>a=setup</c> attribute (RFC 4145 section 4, RFC 8842 section 5).</summary>
internal enum DtlsSetupRole
{
    /// <summary>The offerer can be either; the answerer chooses (RFC 8842 section 5.2: an offer says actpass).</summary>
    ActPass,

    /// <summary>This side opens the connection: it is the DTLS client.</summary>
    Active,

    /// <summary>This side waits: it is the DTLS server.</summary>
    Passive,
}
