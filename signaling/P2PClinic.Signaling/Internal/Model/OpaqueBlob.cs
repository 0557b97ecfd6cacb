namespace P2PClinic.Signaling.Internal.Model;

/// <summary>
/// Bytes the server carries but cannot read (a sealed invite payload or signal), as unpadded base64url text.
/// Kept as text: the server never decodes it, it only checks the alphabet and the size. Never logged.
/// </summary>
internal readonly record struct OpaqueBlob
{
    private OpaqueBlob(string text) => Text = text;

    public string Text { get; }

    public static BlobCheck TryParse(string? text, int maxBytes, out OpaqueBlob blob)
    {
        blob = default;
        if (string.IsNullOrEmpty(text))
        {
            return BlobCheck.Missing;
        }

        if (text.Length > Base64UrlText.EncodedLength(maxBytes))
        {
            return BlobCheck.TooLarge;
        }

        if (!Base64UrlText.AllInAlphabet(text) || Base64UrlText.DecodedLength(text.Length) < 0)
        {
            return BlobCheck.NotBase64Url;
        }

        blob = new OpaqueBlob(text);
        return BlobCheck.Valid;
    }

    /// <summary>Hides the content from any accidental formatting into a log or exception message.</summary>
    public override string ToString() => $"<{Base64UrlText.DecodedLength(Text.Length)} opaque bytes>";
}

internal enum BlobCheck
{
    Valid,
    Missing,
    TooLarge,
    NotBase64Url,
}
