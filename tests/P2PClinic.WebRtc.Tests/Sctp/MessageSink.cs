using System.Collections.Concurrent;
using P2PClinic.WebRtc.Sctp;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>Collects the messages an association delivers, so tests can wait for a count.</summary>
public sealed class MessageSink
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<(ushort StreamId, uint Ppid, byte[] Payload)> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    internal MessageSink(SctpAssociation association)
        => association.MessageReceived += m =>
        {
            _messages.Enqueue((m.StreamId, m.Ppid, m.Payload.ToArray()));
            _arrived.Release();
        };

    public IReadOnlyList<(ushort StreamId, uint Ppid, byte[] Payload)> Messages => [.. _messages];

    public int Count => _messages.Count;

    public async Task<IReadOnlyList<(ushort StreamId, uint Ppid, byte[] Payload)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (_messages.Count < count)
        {
            await _arrived.WaitAsync(cts.Token);
        }

        return Messages;
    }
}
