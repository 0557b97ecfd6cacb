using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>
/// Tens of thousands of mutated packets fed to a live association, which must keep working.
/// Mutations that would form a genuine peer command (ABORT, SHUTDOWN, new DATA ahead of the
/// receive point) are skipped: inside DTLS only the authenticated peer can send those, and
/// obeying them is correct behaviour, not a parser failure.
/// </summary>
public sealed class SctpFuzzTests
{
    /// <summary>A fixed count, not a time budget: on a loaded 2-core machine a budget feeds fewer and fewer packets.</summary>
    private const int MutatedPackets = 20_000;

    [Fact]
    public async Task ReceivePacket_TensOfThousandsOfMutatedPackets_AssociationKeepsWorking()
    {
        await using var pair = AssociationPair.Create();
        var corpus = new List<byte[]>();
        pair.ClientToServer.Tap = p => { lock (corpus) { corpus.Add(p); } };
        await pair.ConnectAsync();
        await BuildCorpusTrafficAsync(pair);
        pair.ClientToServer.Tap = null;

        byte[][] seeds;
        lock (corpus)
        {
            seeds = [.. corpus, .. HandMadePackets(PacketInspector.VerificationTag(corpus[^1]))];
        }

        var tsns = seeds.SelectMany(DataTsns).ToList();
        var highestTsn = tsns.Aggregate(tsns[0], (a, b) => SerialNumber.Greater(b, a) ? b : a);
        var random = new Random(1234);
        var fed = 0;
        while (fed < MutatedPackets)
        {
            var packet = Mutate(seeds[random.Next(seeds.Length)], random);
            if (IsGenuineCommand(packet, highestTsn))
            {
                continue;
            }

            pair.Server.ReceivePacket(packet);
            fed++;
        }

        Assert.Equal(SctpAssociationState.Established, pair.Server.State);

        // Still a working association: fresh streams carry messages both ways, in order and intact.
        var before = pair.ServerMessages.Count;
        for (var i = 0; i < 100; i++)
        {
            await pair.Client.SendAsync(999, 53, false, BitConverter.GetBytes(i).Concat(new byte[i * 97]).ToArray(), CancellationToken.None);
        }

        var received = (await pair.ServerMessages.WaitForAsync(before + 100)).Skip(before).ToList();
        Assert.Equal(Enumerable.Range(0, 100), received.Select(m => BitConverter.ToInt32(m.Payload)));
        Assert.All(received, m => Assert.Equal(999, m.StreamId));
        await SctpHandshakeTests.AssertWorksBothWaysAsync(pair);
    }

    [Fact]
    public async Task ReceivePacket_RandomGarbageAndWrongTags_IsDroppedWithoutEffect()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var random = new Random(99);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[random.Next(0, 1500)];
            random.NextBytes(packet);
            if (packet.Length >= 12 && i % 2 == 0)
            {
                // Correct ports and checksum, random verification tag: must fail the tag check.
                BinaryPrimitives.WriteUInt16BigEndian(packet, 5000);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 5000);
                Crc32c.Seal(packet);
            }

            pair.Server.ReceivePacket(packet);
        }

        Assert.Equal(SctpAssociationState.Established, pair.Server.State);
        await SctpHandshakeTests.AssertWorksBothWaysAsync(pair);
    }

    private static async Task BuildCorpusTrafficAsync(AssociationPair pair)
    {
        await pair.Client.SendAsync(1, 51, false, "small"u8.ToArray(), CancellationToken.None);
        await pair.Client.SendAsync(1, 53, true, new byte[3000], CancellationToken.None);
        await pair.Client.SendAsync(2, 50, false, new byte[] { 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0x61 }, CancellationToken.None);
        await pair.Server.SendAsync(1, 53, false, new byte[5000], CancellationToken.None);
        await pair.ServerMessages.WaitForAsync(3);
        await pair.ClientMessages.WaitForAsync(1);
        var reset = new TaskCompletionSource();
        pair.Client.OutgoingStreamReset += _ => reset.TrySetResult();
        pair.Client.ResetStream(2);
        await reset.Task.WaitAsync(AssociationPair.Patience);
    }

    private static IEnumerable<byte[]> HandMadePackets(uint tag)
    {
        foreach (var (type, value) in new (SctpChunkType, byte[])[]
        {
            (SctpChunkType.Heartbeat, [0, 1, 0, 8, 1, 2, 3, 4]),
            (SctpChunkType.Error, [0, 3, 0, 8, 0, 0, 0, 1]),
            (SctpChunkType.ForwardTsn, [0, 0, 0, 1]),
            ((SctpChunkType)0x40, [1, 2, 3, 4]),
            ((SctpChunkType)0xC1, [1, 2, 3, 4]),
            (SctpChunkType.ReConfig, [0, 14, 0, 10, 0, 0, 0, 9, 0, 1, 0, 0]),
            (SctpChunkType.ReConfig, [0, 16, 0, 12, 0, 0, 0, 9, 0, 0, 0, 1]),
        })
        {
            var packet = new SctpPacketWriter(1200, 5000, 5000, tag);
            packet.BeginChunk(type, 0);
            packet.WriteBytes(value);
            packet.EndChunk();
            yield return packet.Finish().ToArray();
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var packet = seed.ToArray();
        var operations = random.Next(1, 4);
        for (var op = 0; op < operations; op++)
        {
            switch (random.Next(7))
            {
                case 0 when packet.Length > 12:
                    packet[random.Next(12, packet.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when packet.Length > 12:
                    packet[random.Next(12, packet.Length)] = (byte)random.Next(256);
                    break;
                case 2 when packet.Length > 16:
                    // A chunk length field (the first chunk's, or one at a random aligned offset).
                    var at = 12 + (4 * random.Next((packet.Length - 12) / 4)) + 2;
                    if (at + 2 <= packet.Length)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), (ushort)random.Next(0, 0x10000));
                    }

                    break;
                case 3 when packet.Length > 12:
                    packet = packet[..random.Next(12, packet.Length)];
                    break;
                case 4:
                    var extra = new byte[random.Next(1, 64)];
                    random.NextBytes(extra);
                    packet = [.. packet, .. extra];
                    break;
                case 5 when packet.Length > 16:
                    // Boundary values in a random 32-bit field (TSNs, tags, windows, sequence numbers).
                    var field = 12 + (4 * random.Next((packet.Length - 12) / 4));
                    if (field + 4 <= packet.Length)
                    {
                        uint[] edges = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF];
                        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(field), edges[random.Next(edges.Length)]);
                    }

                    break;
                case 6 when packet.Length > 12:
                    packet[12] = (byte)random.Next(256);
                    break;
            }
        }

        if (packet.Length >= 12 && random.Next(10) != 0)
        {
            Crc32c.Seal(packet);
        }

        return packet;
    }

    private static bool IsGenuineCommand(byte[] packet, uint highestTsn)
    {
        if (!SctpPacketReader.TryRead(packet, out var reader))
        {
            return false;
        }

        while (reader.MoveNext())
        {
            var chunk = reader.Current;
            switch (chunk.Type)
            {
                case SctpChunkType.Abort or SctpChunkType.Shutdown or SctpChunkType.ShutdownAck or SctpChunkType.ShutdownComplete:
                    return true;
                case SctpChunkType.Data when chunk.Value.Length >= 4 && SerialNumber.Greater(BinaryPrimitives.ReadUInt32BigEndian(chunk.Value), highestTsn):
                    return true;
            }
        }

        return false;
    }

    private static IEnumerable<uint> DataTsns(byte[] packet)
    {
        List<uint> tsns = [];
        if (SctpPacketReader.TryRead(packet, out var reader))
        {
            while (reader.MoveNext())
            {
                if (reader.Current.Type == SctpChunkType.Data && reader.Current.Value.Length >= 4)
                {
                    tsns.Add(BinaryPrimitives.ReadUInt32BigEndian(reader.Current.Value));
                }
            }
        }

        return tsns;
    }
}
