namespace P2PClinic.WebRtc.Stun;

/// <summary>STUN error codes used by ICE (RFC 8489 section 14.8, RFC 8445 section 7.3.1.1).</summary>
internal static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;

    /// <summary>RFC 8489 section 14.8: the NONCE is no longer valid; retry with the one in the response.</summary>
    public const int StaleNonce = 438;

    /// <summary>Both agents claim the same role (RFC 8445 section 7.3.1.1).</summary>
    public const int RoleConflict = 487;
}
