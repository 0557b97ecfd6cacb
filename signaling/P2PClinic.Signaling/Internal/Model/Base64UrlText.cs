namespace P2PClinic.Signaling.Internal.Model;

/// <summary>The base64url alphabet of RFC 4648 section 5, without padding, which every opaque field of the API uses.</summary>
internal static class Base64UrlText
{
    public static bool IsAlphabet(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';

    public static bool AllInAlphabet(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsAlphabet(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many bytes an unpadded base64url text of this length decodes to, or -1 when no text has that length.</summary>
    public static int DecodedLength(int textLength) =>
        (textLength % 4) switch
        {
            0 => textLength / 4 * 3,
            2 => textLength / 4 * 3 + 1,
            3 => textLength / 4 * 3 + 2,
            _ => -1,
        };

    /// <summary>The longest unpadded base64url text of at most <paramref name="bytes"/> bytes.</summary>
    public static int EncodedLength(int bytes) => (int)Math.Min(int.MaxValue, ((long)bytes * 4 + 2) / 3);
}
