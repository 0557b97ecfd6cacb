namespace P2PClinic.Crdt.Internal.Encoding;

/// <summary>Type tags of lib0's <c>writeAny</c>/<c>readAny</c> (lib0/encoding.js), counted down from 127.</summary>
internal static class AnyTag
{
    public const byte Undefined = 127;
    public const byte Null = 126;
    public const byte Integer = 125;
    public const byte Float32 = 124;
    public const byte Float64 = 123;
    public const byte BigInt64 = 122;
    public const byte False = 121;
    public const byte True = 120;
    public const byte String = 119;
    public const byte Object = 118;
    public const byte Array = 117;
    public const byte Bytes = 116;

    /// <summary>lib0 encodes numbers up to this magnitude as varInt (binary.BITS31).</summary>
    public const long MaxVarIntMagnitude = 0x7FFFFFFF;

    /// <summary>Nesting bound for decoded values, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 256;
}

/// <summary>JavaScript's <c>undefined</c>, which the Any and JSON encodings can carry.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}
