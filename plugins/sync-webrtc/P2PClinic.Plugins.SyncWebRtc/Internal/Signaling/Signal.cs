namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>An opened signal: who sent it to whom, when, for which connection attempt, and the SDP.</summary>
/// <param name="Kind">Offer or answer.</param>
/// <param name="From">The sender's peer id.</param>
/// <param name="To">The recipient's peer id.</param>
/// <param name="SentAt">The sender's clock when it sealed the signal.</param>
/// <param name="AttemptId">Pairs an answer with its offer, so a late answer never completes a newer attempt.</param>
/// <param name="Sdp">The session description.</param>
internal sealed record Signal(SignalKind Kind, string From, string To, DateTimeOffset SentAt, ulong AttemptId, string Sdp);
