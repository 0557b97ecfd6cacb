using System.Diagnostics.CodeAnalysis;

namespace P2PClinic.Signaling.Internal.Model;

/// <summary>
/// A room as the server sees it: the base64url (unpadded) encoding of 32 bytes, which the node derives by hashing
/// the org's room id. The server never learns the room id itself.
/// </summary>
internal readonly record struct RoomToken
{
    public const int Length = 43;

    private RoomToken(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out RoomToken token)
    {
        token = default;
        if (text is null || text.Length != Length || !Base64UrlText.AllInAlphabet(text))
        {
            return false;
        }

        token = new RoomToken(text);
        return true;
    }

    public override string ToString() => Value;
}
