namespace P2PClinic.WebRtc.Sctp;

/// <summary>A complete user message received on a stream, with its payload protocol identifier (RFC 9260 section 3.3.1).</summary>
internal readonly record struct SctpMessage(ushort StreamId, uint Ppid, ReadOnlyMemory<byte> Payload);
