using P2PClinic.WebRtc.Dtls;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Sdp;

namespace P2PClinic.WebRtc;

/// <summary>
/// ICE restart (RFC 8445 section 9, JSEP's iceRestart): new ICE credentials and candidates through one more offer and
/// answer, new checks and a new selected pair, while DTLS, SCTP and every data channel carry on over the new pair
/// (their state does not depend on the 5-tuple): no new handshake, no message lost. For a path that died (a NAT
/// mapping changed, a route moved) while the peer can still be reached through signaling.
/// </summary>
public sealed partial class RtcPeerConnection
{
    /// <summary>
    /// On the offerer of a connection that is up (or <see cref="RtcPeerConnectionState.Disconnected"/>): restarts ICE and
    /// returns the offer to send; give the peer's answer to <see cref="SetIceRestartDescriptionAsync"/>. The old pair
    /// carries data until the new one is selected; no new pair within <see cref="RtcConfiguration.ConnectTimeout"/>
    /// fails the connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">We did not offer, the connection never connected, a restart is under way, or it is closed or failed.</exception>
    public async Task<RtcSessionDescription> CreateIceRestartOfferAsync(CancellationToken cancellationToken = default)
    {
        IceAgent ice;
        lock (gate)
        {
            ThrowIfClosed();
            ice = RestartableAgent();
            if (isOfferer != true)
            {
                throw new InvalidOperationException("Only the offerer restarts ICE; the answerer answers the restart offer (SetIceRestartDescriptionAsync).");
            }

            if (ice.IsRestarting)
            {
                throw new InvalidOperationException("An ICE restart is under way already.");
            }
        }

        await ice.RestartAsync(cancellationToken).ConfigureAwait(false);
        return new RtcSessionDescription(RtcSdpType.Offer, LocalDescription(DtlsSetupRole.ActPass).Write());
    }

    /// <summary>
    /// Applies the peer's ICE restart description: a restart offer is answered (the answer is returned: send it back), the
    /// answer to our restart offer starts the new checks (null is returned). The DTLS fingerprint must stay the same.
    /// </summary>
    /// <exception cref="RtcSdpException">The description is malformed, names another certificate, or keeps the old ICE credentials (not a restart).</exception>
    /// <exception cref="InvalidOperationException">The description does not fit: an offer to the offerer, an answer without our restart offer, a connection not up.</exception>
    public async Task<RtcSessionDescription?> SetIceRestartDescriptionAsync(RtcSessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        var parsed = SdpDataChannelDescription.Parse(description.Sdp);
        IceAgent ice;
        var isOffer = description.Type == RtcSdpType.Offer;
        lock (gate)
        {
            ThrowIfClosed();
            ice = RestartableAgent();
            var current = remoteDescription!;
            if (isOffer && isOfferer != false)
            {
                throw new InvalidOperationException("This connection made the offer: it restarts ICE itself (CreateIceRestartOfferAsync) and takes only an answer.");
            }

            if (!isOffer && (isOfferer != true || !ice.IsRestarting))
            {
                throw new InvalidOperationException("An ICE restart answer needs our restart offer first (CreateIceRestartOfferAsync).");
            }

            if (!parsed.Fingerprint.Equals(current.Fingerprint))
            {
                throw new RtcSdpException("An ICE restart keeps the DTLS certificate, but this description names another fingerprint: it is a new peer, which needs a new connection.");
            }

            if (parsed.IceUfrag == current.IceUfrag || parsed.IcePwd == current.IcePwd)
            {
                throw new RtcSdpException("An ICE restart needs a new ice-ufrag and ice-pwd (RFC 8839 section 5.4); this description keeps the old ones.");
            }
        }

        if (isOffer)
        {
            await ice.RestartAsync(cancellationToken).ConfigureAwait(false);
        }

        bool dtlsClient;
        lock (gate)
        {
            ThrowIfClosed();
            remoteDescription = parsed;
            dtlsClient = isDtlsClient!.Value;
        }

        Trace?.Invoke($"ICE restart: the peer's new ufrag {parsed.IceUfrag}, {parsed.Candidates.Count} candidates");
        ice.SetRemoteCredentials(parsed.IceUfrag, parsed.IcePwd);
        foreach (var candidate in parsed.Candidates)
        {
            ice.AddRemoteCandidate(candidate);
        }

        ice.StartChecks();
        return isOffer ? new RtcSessionDescription(RtcSdpType.Answer, LocalDescription(dtlsClient ? DtlsSetupRole.Active : DtlsSetupRole.Passive).Write()) : null;
    }

    /// <summary>The agent of a connection that has been up; called under the lock.</summary>
    private IceAgent RestartableAgent()
    {
        if (state is not (RtcPeerConnectionState.Connected or RtcPeerConnectionState.Disconnected) || agent is null || remoteDescription is null)
        {
            throw new InvalidOperationException($"ICE restart needs a connection that has been up; this one is {state.ToString().ToLowerInvariant()}.");
        }

        return agent;
    }
}
