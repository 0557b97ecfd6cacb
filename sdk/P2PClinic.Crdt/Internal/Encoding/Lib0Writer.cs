using System.Buffers;
using System.Buffers.Binary;
using System.Collections;

namespace P2PClinic.Crdt.Internal.Encoding;

/// <summary>
/// A growable byte buffer writing lib0's binary encoding (lib0/encoding.js): LEB128-style
/// unsigned varints, sign-bit varints, length-prefixed UTF-8 strings, big-endian floats and the
/// tagged <c>Any</c> values. The buffer is rented from the shared pool; <see cref="Dispose"/>
/// returns it.
/// </summary>
internal sealed class Lib0Writer : IDisposable
{
    private byte[] buffer;
    private int length;

    public Lib0Writer(int initialCapacity = 256)
    {
        buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => length;

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, length);

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    public void Dispose()
    {
        var b = buffer;
        buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (length + count > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + count));
            buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }

    public void WriteByte(byte value)
    {
        if (length == buffer.Length)
        {
            Reserve(1)[0] = value;
            return;
        }

        buffer[length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>lib0 writeVarUint: 7 bits per byte, least significant first, high bit = more.</summary>
    public void WriteVarUint(ulong value)
    {
        while (value > 0x7F)
        {
            WriteByte((byte)(0x80 | (value & 0x7F)));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    /// <summary>lib0 writeVarInt: the first byte holds a continuation bit, a sign bit and 6 bits.</summary>
    public void WriteVarInt(long value)
    {
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        WriteByte((byte)((magnitude > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (byte)(magnitude & 0x3F)));
        magnitude >>= 6;
        while (magnitude > 0)
        {
            WriteByte((byte)((magnitude > 0x7F ? 0x80 : 0) | (byte)(magnitude & 0x7F)));
            magnitude >>= 7;
        }
    }

    /// <summary>
    /// lib0 writeVarString: the UTF-8 byte length, then the bytes. Lone surrogates become U+FFFD,
    /// as JavaScript's TextEncoder does.
    /// </summary>
    public void WriteVarString(string value)
    {
        if (value.Length < 128)
        {
            // Short strings: encode into a stack buffer to learn the length first.
            Span<byte> scratch = stackalloc byte[value.Length * 3];
            var n = System.Text.Encoding.UTF8.GetBytes(value, scratch);
            WriteVarUint((uint)n);
            WriteBytes(scratch[..n]);
            return;
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteVarUint((uint)count);
        System.Text.Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteVarUint8Array(ReadOnlySpan<byte> bytes)
    {
        WriteVarUint((uint)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteFloat32(float value) => BinaryPrimitives.WriteSingleBigEndian(Reserve(4), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);

    public void WriteBigInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>lib0 writeAny, with JavaScript's number rules applied to every .NET number.</summary>
    public void WriteAny(object? value)
    {
        switch (value)
        {
            case null:
                WriteByte(AnyTag.Null);
                break;
            case Undefined:
                WriteByte(AnyTag.Undefined);
                break;
            case string s:
                WriteByte(AnyTag.String);
                WriteVarString(s);
                break;
            case bool b:
                WriteByte(b ? AnyTag.True : AnyTag.False);
                break;
            case long l:
                WriteNumber(l);
                break;
            case int i:
                WriteNumber(i);
                break;
            case double d:
                WriteNumber(d);
                break;
            case float f:
                WriteNumber(f);
                break;
            case short or ushort or sbyte or uint:
                WriteNumber(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case byte u8:
                WriteNumber(u8);
                break;
            case ulong ul:
                WriteNumber((double)ul);
                break;
            case decimal m:
                WriteNumber((double)m);
                break;
            case byte[] bytes:
                WriteByte(AnyTag.Bytes);
                WriteVarUint8Array(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteByte(AnyTag.Bytes);
                WriteVarUint8Array(memory.Span);
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteByte(AnyTag.Object);
                WriteVarUint((uint)map.Count);
                foreach (var (key, item) in map)
                {
                    WriteVarString(key);
                    WriteAny(item);
                }

                break;
            case IReadOnlyList<object?> list:
                WriteByte(AnyTag.Array);
                WriteVarUint((uint)list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    WriteAny(list[i]);
                }

                break;
            case IDictionary dictionary:
                WriteByte(AnyTag.Object);
                WriteVarUint((uint)dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteVarString(entry.Key.ToString() ?? string.Empty);
                    WriteAny(entry.Value);
                }

                break;
            default:
                throw new ArgumentException($"A value of type {value.GetType().Name} cannot be stored in a CRDT document.", nameof(value));
        }
    }

    private void WriteNumber(long value)
    {
        if (value is >= -AnyTag.MaxVarIntMagnitude and <= AnyTag.MaxVarIntMagnitude)
        {
            WriteByte(AnyTag.Integer);
            WriteVarInt(value);
            return;
        }

        WriteNumber((double)value);
    }

    private void WriteNumber(double value)
    {
        // JavaScript has one number type: an integral value within 31 bits is written as varInt,
        // one that a float32 holds exactly as float32, anything else as float64.
        if (value == 0 && double.IsNegative(value))
        {
            // -0 is an integer to JavaScript: a varInt of magnitude 0 with the sign bit set.
            WriteByte(AnyTag.Integer);
            WriteByte(0x40);
        }
        else if (Math.Abs(value) <= AnyTag.MaxVarIntMagnitude && Math.Floor(value) == value)
        {
            WriteByte(AnyTag.Integer);
            WriteVarInt((long)value);
        }
        else if ((double)(float)value == value)
        {
            WriteByte(AnyTag.Float32);
            WriteFloat32((float)value);
        }
        else
        {
            WriteByte(AnyTag.Float64);
            WriteFloat64(value);
        }
    }
}
