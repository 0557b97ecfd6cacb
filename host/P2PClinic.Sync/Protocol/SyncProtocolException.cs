namespace P2PClinic.Sync.Protocol;

/// <summary>A peer broke the sync protocol; the link is closed and the reason logged.</summary>
internal sealed class SyncProtocolException(string message) : Exception(message);
