using System.Buffers.Binary;
using System.Text;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

public sealed class SctpPacketFormatTests
{
    [Fact]
    public void Crc32c_KnownVectors_MatchRfc3720AppendixB4()
    {
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0xE3069283u, Crc32c.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Writer_Then_Reader_RoundTripsHeaderAndPaddedChunks()
    {
        var writer = new SctpPacketWriter(1200, 5000, 5001, 0xCAFEBABE);
        writer.BeginChunk(SctpChunkType.Heartbeat, 0);
        writer.WriteBytes([1, 2, 3, 4, 5]);
        writer.EndChunk();
        writer.BeginChunk(SctpChunkType.CookieAck, 0x7);
        writer.EndChunk();
        var packet = writer.Finish().ToArray();

        Assert.Equal(0, packet.Length % 4);
        Assert.True(SctpPacketReader.TryRead(packet, out var reader));
        Assert.Equal(5000, reader.SourcePort);
        Assert.Equal(5001, reader.DestinationPort);
        Assert.Equal(0xCAFEBABEu, reader.VerificationTag);
        Assert.Equal(2, reader.ChunkCount);
        Assert.True(reader.MoveNext());
        Assert.Equal(SctpChunkType.Heartbeat, reader.Current.Type);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, reader.Current.Value.ToArray());
        Assert.True(reader.MoveNext());
        Assert.Equal(SctpChunkType.CookieAck, reader.Current.Type);
        Assert.Equal(7, reader.Current.Flags);
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Reader_ChecksumOnTheWire_IsLittleEndianPerAppendixA()
    {
        var writer = new SctpPacketWriter(1200, 1, 2, 3);
        writer.BeginChunk(SctpChunkType.CookieAck, 0);
        writer.EndChunk();
        var packet = writer.Finish().ToArray();

        var expected = Crc32c.ComputePacketChecksum(packet);
        Assert.Equal(expected, BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(8)));
    }

    [Fact]
    public void Reader_BadChecksum_Rejected()
    {
        var packet = ValidPacket();
        packet[^1] ^= 1;

        Assert.False(SctpPacketReader.TryRead(packet, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(2000)]
    public void Reader_ChunkLengthOutOfRange_RejectsWholePacket(ushort length)
    {
        var packet = ValidPacket();
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), length);
        Crc32c.Seal(packet);

        Assert.False(SctpPacketReader.TryRead(packet, out _));
    }

    [Fact]
    public void Reader_TooShortForHeaderAndChunk_Rejected()
    {
        Assert.False(SctpPacketReader.TryRead(new byte[15], out _));
        Assert.False(SctpPacketReader.TryRead([], out _));
    }

    [Fact]
    public void Reader_TrailingBytesTooShortForAChunk_RejectsWholePacket()
    {
        byte[] packet = [.. ValidPacket(), 1, 2];
        Crc32c.Seal(packet);

        Assert.False(SctpPacketReader.TryRead(packet, out _));
    }

    [Fact]
    public void Reader_LastChunkWithoutPadding_IsTolerated()
    {
        var writer = new SctpPacketWriter(1200, 1, 2, 3);
        writer.BeginChunk(SctpChunkType.Heartbeat, 0);
        writer.WriteBytes([9, 9, 9]);
        writer.EndChunk();
        var padded = writer.Finish().ToArray();
        var unpadded = padded[..^1];
        Crc32c.Seal(unpadded);

        Assert.True(SctpPacketReader.TryRead(unpadded, out var reader));
        Assert.True(reader.MoveNext());
        Assert.Equal(new byte[] { 9, 9, 9 }, reader.Current.Value.ToArray());
    }

    [Fact]
    public void StateCookie_RoundTripsAndRejectsAnyAlteration()
    {
        var cookies = new StateCookie();
        var peer = new PeerInit(7, 100_000, 10, 20, 555, true);
        var cookie = cookies.Create(1234, 42, 43, peer);

        Assert.True(cookies.TryOpen(cookie, out var contents));
        Assert.Equal(new StateCookieContents(1234, 42, 43, peer), contents);
        for (var i = 0; i < cookie.Length; i++)
        {
            var altered = cookie.ToArray();
            altered[i] ^= 0x80;
            Assert.False(cookies.TryOpen(altered, out _));
        }

        Assert.False(new StateCookie().TryOpen(cookie, out _));
    }

    [Fact]
    public void RetransmissionTimeout_FollowsRfc9260Section631AndBacksOffToMax()
    {
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), rto.Current);

        rto.Measure(TimeSpan.FromMilliseconds(200)); // SRTT 200, RTTVAR 100 => 600
        Assert.Equal(600, rto.Current.TotalMilliseconds, 3);
        rto.Measure(TimeSpan.FromMilliseconds(200)); // RTTVAR 75, SRTT 200 => 500
        Assert.Equal(500, rto.Current.TotalMilliseconds, 3);

        rto.BackOff();
        rto.BackOff();
        rto.BackOff();
        Assert.Equal(TimeSpan.FromSeconds(3), rto.Current);
    }

    private static byte[] ValidPacket()
    {
        var writer = new SctpPacketWriter(1200, 5000, 5000, 1);
        writer.BeginChunk(SctpChunkType.Heartbeat, 0);
        writer.WriteBytes([0, 1, 0, 8, 1, 2, 3, 4]);
        writer.EndChunk();
        return writer.Finish().ToArray();
    }
}
