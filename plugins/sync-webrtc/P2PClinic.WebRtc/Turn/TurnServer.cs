using System.Net;

namespace P2PClinic.WebRtc.Turn;

/// <summary>A TURN server to allocate on (UDP or TCP to the server, RFC 8656 section 3.1) and the credential it accepts.</summary>
internal sealed record TurnServer(IPEndPoint EndPoint, TurnCredentials Credentials, bool OverTcp = false);
