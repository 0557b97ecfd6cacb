using P2PClinic.Signaling.Internal.Model;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>Checks each field of a request and names the first bad one in a 400.</summary>
internal static class Fields
{
    public static IResult? Room(string? text, out RoomToken room) =>
        RoomToken.TryParse(text, out room)
            ? null
            : Problems.Field("room", $"a room token is exactly {RoomToken.Length} base64url characters (A-Z a-z 0-9 - _), the unpadded encoding of 32 bytes");

    public static IResult? Peer(string field, string? text, out PeerId peer) =>
        PeerId.TryParse(text, out peer)
            ? null
            : Problems.Field(field, $"a peer id is exactly {PeerId.Length} base64url characters (A-Z a-z 0-9 - _), the unpadded encoding of 16 bytes");

    public static IResult? Code(string? text, out ShareCode code) =>
        ShareCode.TryParse(text, out code)
            ? null
            : Problems.Field("code", $"a share code is {ShareCode.Length} characters from '{ShareCode.Alphabet}' (any case), optionally split 4-4 by a dash");

    public static IResult? Blob(string field, string? text, int maxBytes, out OpaqueBlob blob) =>
        OpaqueBlob.TryParse(text, maxBytes, out blob) switch
        {
            BlobCheck.Valid => null,
            BlobCheck.Missing => Problems.Field(field, "required: unpadded base64url text of at least one byte"),
            BlobCheck.TooLarge => Problems.Field(field, $"at most {maxBytes} bytes ({Base64UrlText.EncodedLength(maxBytes)} base64url characters)"),
            _ => Problems.Field(field, "must be unpadded base64url text (A-Z a-z 0-9 - _) of a whole number of bytes"),
        };

    /// <summary>The long-poll wait in whole seconds, 0 up to the server's maximum; absent means the maximum.</summary>
    public static IResult? Wait(string? text, TimeSpan max, out TimeSpan wait)
    {
        wait = max;
        if (text is null)
        {
            return null;
        }

        var maxSeconds = (int)max.TotalSeconds;
        if (text.Length is 0 or > 4 || !text.All(char.IsAsciiDigit))
        {
            return Problems.Field("wait", $"whole seconds from 0 to {maxSeconds}");
        }

        var seconds = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (seconds > maxSeconds)
        {
            return Problems.Field("wait", $"whole seconds from 0 to {maxSeconds}");
        }

        wait = seconds == maxSeconds ? max : TimeSpan.FromSeconds(seconds);
        return null;
    }

    /// <summary>The largest body a request carrying a blob of <paramref name="maxBlobBytes"/> needs, with room for the JSON around it.</summary>
    public static int BodyLimit(int maxBlobBytes) => Base64UrlText.EncodedLength(maxBlobBytes) + 512;
}
