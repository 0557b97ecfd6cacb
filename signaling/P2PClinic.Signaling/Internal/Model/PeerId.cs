using System.Diagnostics.CodeAnalysis;

namespace P2PClinic.Signaling.Internal.Model;

/// <summary>A peer in a room: the base64url (unpadded) encoding of 16 random bytes the node chooses per session.</summary>
internal readonly record struct PeerId
{
    public const int Length = 22;

    private PeerId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out PeerId peer)
    {
        peer = default;
        if (text is null || text.Length != Length || !Base64UrlText.AllInAlphabet(text))
        {
            return false;
        }

        peer = new PeerId(text);
        return true;
    }

    public override string ToString() => Value;
}
