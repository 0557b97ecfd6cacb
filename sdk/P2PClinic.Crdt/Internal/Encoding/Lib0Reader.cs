using System.Buffers.Binary;
using System.Text;

namespace P2PClinic.Crdt.Internal.Encoding;

/// <summary>
/// Reads lib0's binary encoding (lib0/decoding.js) from a byte array. Every length is checked
/// against the bytes that remain before anything is allocated, and every failure is a
/// <see cref="CrdtFormatException"/>.
/// </summary>
internal sealed class Lib0Reader
{
    /// <summary>JavaScript's Number.MAX_SAFE_INTEGER: lib0 varUints never exceed it.</summary>
    public const ulong MaxSafeInteger = (1UL << 53) - 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly byte[] data;
    private readonly int end;
    private int position;

    public Lib0Reader(byte[] data)
        : this(data, 0, data.Length)
    {
    }

    public Lib0Reader(byte[] data, int start, int end)
    {
        this.data = data;
        position = start;
        this.end = end;
    }

    public int Position => position;

    /// <summary>Set when <see cref="ReadAny()"/> decoded a BigInt (tag 122), whose exact encoding must be kept.</summary>
    public bool SawBigInt { get; set; }

    public int Remaining => end - position;

    public bool HasContent => position < end;

    public byte[] Data => data;

    private static CrdtFormatException Truncated(string what) => new($"Unexpected end of data while reading {what}.");

    public byte ReadByte()
    {
        if (position >= end)
        {
            throw Truncated("a byte");
        }

        return data[position++];
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (count < 0 || count > end - position)
        {
            throw Truncated($"{count} bytes");
        }

        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    /// <summary>lib0 readVarUint; values above 2^53-1 are rejected as JavaScript cannot hold them.</summary>
    public ulong ReadVarUint()
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (position >= end)
            {
                throw Truncated("a variable-length integer");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
            if (shift > 49)
            {
                throw new CrdtFormatException("A variable-length integer is longer than 53 bits.");
            }
        }

        if (value > MaxSafeInteger)
        {
            throw new CrdtFormatException("A variable-length integer is larger than 2^53-1.");
        }

        return value;
    }

    /// <summary>A varUint that must fit a non-negative int (a count or length).</summary>
    public int ReadLength(string what)
    {
        var value = ReadVarUint();
        if (value > int.MaxValue)
        {
            throw new CrdtFormatException($"The {what} {value} is too large.");
        }

        return (int)value;
    }

    /// <summary>A count of entries that each take at least one byte: capped by the bytes that remain.</summary>
    public int ReadCount(string what)
    {
        var value = ReadVarUint();
        if (value > (ulong)Remaining)
        {
            throw new CrdtFormatException($"The {what} {value} exceeds the {Remaining} bytes that remain.");
        }

        return (int)value;
    }

    public uint ReadClient()
    {
        var value = ReadVarUint();
        if (value > uint.MaxValue)
        {
            throw new CrdtFormatException($"The client id {value} does not fit 32 bits.");
        }

        return (uint)value;
    }

    public long ReadClock() => (long)ReadVarUint();

    public long ReadVarInt()
    {
        if (position >= end)
        {
            throw Truncated("a variable-length signed integer");
        }

        var b = data[position++];
        ulong magnitude = (ulong)(b & 0x3F);
        var negative = (b & 0x40) != 0;
        var shift = 6;
        while ((b & 0x80) != 0)
        {
            if (position >= end)
            {
                throw Truncated("a variable-length signed integer");
            }

            b = data[position++];
            magnitude |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if (shift > 55)
            {
                throw new CrdtFormatException("A variable-length signed integer is longer than 53 bits.");
            }
        }

        if (magnitude > MaxSafeInteger)
        {
            throw new CrdtFormatException("A variable-length signed integer is larger than 2^53-1.");
        }

        return negative ? -(long)magnitude : (long)magnitude;
    }

    public string ReadVarString()
    {
        var count = ReadVarUint();
        if (count > (ulong)Remaining)
        {
            throw Truncated($"a string of {count} bytes");
        }

        var s = StrictUtf8.GetString(data, position, (int)count);
        position += (int)count;
        return s;
    }

    public byte[] ReadVarUint8Array()
    {
        var count = ReadVarUint();
        if (count > (ulong)Remaining)
        {
            throw Truncated($"a byte array of {count} bytes");
        }

        return ReadSpan((int)count).ToArray();
    }

    public float ReadFloat32() => BinaryPrimitives.ReadSingleBigEndian(ReadSpan(4));

    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(ReadSpan(8));

    public long ReadBigInt64() => BinaryPrimitives.ReadInt64BigEndian(ReadSpan(8));

    /// <summary>lib0 readAny: integers come back as <see cref="long"/>, floats as <see cref="double"/>.</summary>
    public object? ReadAny() => ReadAny(0);

    private object? ReadAny(int depth)
    {
        if (depth > AnyTag.MaxDepth)
        {
            throw new CrdtFormatException($"Values are nested deeper than {AnyTag.MaxDepth} levels.");
        }

        var tag = ReadByte();
        switch (tag)
        {
            case AnyTag.Undefined:
                return Undefined.Value;
            case AnyTag.Null:
                return null;
            case AnyTag.Integer:
                {
                    var negativeZero = position < end && data[position] == 0x40;
                    var value = ReadVarInt();
                    return negativeZero ? (object)(-0.0) : value;
                }
            case AnyTag.Float32:
                return (double)ReadFloat32();
            case AnyTag.Float64:
                return ReadFloat64();
            case AnyTag.BigInt64:
                // A .NET long would re-encode as a JavaScript number: remember that a BigInt was read.
                SawBigInt = true;
                return ReadBigInt64();
            case AnyTag.False:
                return false;
            case AnyTag.True:
                return true;
            case AnyTag.String:
                return ReadVarString();
            case AnyTag.Object:
                {
                    var count = ReadCount("object size");
                    var map = new Dictionary<string, object?>(count);
                    for (var i = 0; i < count; i++)
                    {
                        var key = ReadVarString();
                        map[key] = ReadAny(depth + 1);
                    }

                    return map;
                }

            case AnyTag.Array:
                {
                    var count = ReadCount("array length");
                    var list = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        list[i] = ReadAny(depth + 1);
                    }

                    return list;
                }

            case AnyTag.Bytes:
                return ReadVarUint8Array();
            default:
                throw new CrdtFormatException($"Unknown value tag {tag}.");
        }
    }
}
