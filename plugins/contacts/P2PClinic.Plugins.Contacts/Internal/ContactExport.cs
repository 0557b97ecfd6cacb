using System.Globalization;
using System.Text;
using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Plugins.Contacts.Internal.VCard;

namespace P2PClinic.Plugins.Contacts.Internal;

/// <summary>
/// Writes contacts as a .vcf file in pieces of whole cards, so an export of any size is sent (and held) a piece at a
/// time: the node never builds the whole file, and no message comes near a client's receive limit.
/// </summary>
internal static class ContactExport
{
    /// <summary>About how many bytes a piece holds (a piece ends after the card that reaches this).</summary>
    public const int PieceBytes = 1024 * 1024;

    /// <summary>The pieces of the file: UTF-8 bytes of whole cards, and how many cards are written up to each piece's end.</summary>
    /// <remarks>An export of no contacts is one empty piece, so a reader always learns the count.</remarks>
    public static IEnumerable<(byte[] Bytes, int Written)> Pieces(IReadOnlyList<Contact> contacts, VCardVersion version, int pieceBytes = PieceBytes)
    {
        var card = new StringBuilder();
        using var output = new StringWriter(card, CultureInfo.InvariantCulture);
        var writer = new VCardWriter(output, version);
        using var piece = new MemoryStream();
        var written = 0;
        foreach (var contact in contacts)
        {
            card.Clear();
            writer.Write(contact);
            var bytes = Encoding.UTF8.GetBytes(card.ToString());
            piece.Write(bytes);
            written++;
            if (piece.Length >= pieceBytes)
            {
                yield return (piece.ToArray(), written);
                piece.SetLength(0);
            }
        }

        if (piece.Length > 0 || written == 0)
        {
            yield return (piece.ToArray(), written);
        }
    }
}
