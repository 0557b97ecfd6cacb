using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace P2PClinic.Signaling.Internal.Model;

/// <summary>
/// A one-time code for an invite payload, shown as <c>ABCD-1234</c>: eight characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), typed case-insensitively, the dash optional.
/// 31^8 ≈ 8.5e11 codes: with claims rate-limited and failed claims locking a client out, guessing a live code is hopeless.
/// </summary>
internal readonly record struct ShareCode
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    private ShareCode(string value) => Value = value;

    /// <summary>The canonical form: eight upper-case characters, no dash.</summary>
    public string Value { get; }

    /// <summary>The form shown to people: <c>ABCD-1234</c>.</summary>
    public string Display => string.Concat(Value.AsSpan(0, 4), "-", Value.AsSpan(4));

    public static ShareCode NewRandom() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    public static bool TryParse([NotNullWhen(true)] string? text, out ShareCode code)
    {
        code = default;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.AsSpan().Trim();
        Span<char> canonical = stackalloc char[Length];
        var count = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = char.ToUpperInvariant(trimmed[i]);
            if (c == '-' && count == Length / 2 && i == Length / 2)
            {
                continue;
            }

            if (count == Length || !Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }

            canonical[count++] = c;
        }

        if (count != Length)
        {
            return false;
        }

        code = new ShareCode(new string(canonical));
        return true;
    }

    public override string ToString() => Display;
}
