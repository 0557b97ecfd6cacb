namespace P2PClinic.Sync.Invites;

/// <summary>
/// A one-time share code as people type it (docs/protocol.md, "Field formats"): 8 characters from
/// <c>ABCDEFGHJKMNPQRSTUVWXYZ23456789</c>, shown <c>ABCD-EFGH</c>, any case, the dash optional.
/// </summary>
internal static class ShareCode
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>The 8 upper-case characters without the dash: the form the invite key is derived from.</summary>
    /// <exception cref="ArgumentException">The text is not a share code.</exception>
    public static string Normalize(string? text)
    {
        var trimmed = (text ?? "").Trim().ToUpperInvariant();
        if (trimmed.Length == 9 && trimmed[4] == '-')
        {
            trimmed = trimmed.Remove(4, 1);
        }

        if (trimmed.Length != 8 || trimmed.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A share code has 8 letters and digits, like ABCD-EFGH (no 0, O, 1, I or L).", "code");
        }

        return trimmed;
    }

    /// <summary>A fresh code: 8 characters drawn uniformly from the alphabet (about 39.6 bits).</summary>
    public static string NewRandom() => new(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(Alphabet, 8));

    public static string Display(string normalized) => normalized.Length == 8 ? $"{normalized[..4]}-{normalized[4..]}" : normalized;
}
