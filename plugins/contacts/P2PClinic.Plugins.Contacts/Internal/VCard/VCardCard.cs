namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>One card read from a file: everything between BEGIN:VCARD and END:VCARD.</summary>
/// <param name="Number">The card's position in the file (1-based).</param>
/// <param name="Line">The line of its BEGIN:VCARD.</param>
/// <param name="Version">Its VERSION (3.0 when it names none, as lenient readers do).</param>
/// <param name="Properties">Its properties in file order, without BEGIN, END and VERSION.</param>
/// <param name="Notes">What reading it did that the user should know (a quoted-printable value not in UTF-8, read as Windows-1252).</param>
internal sealed record VCardCard(int Number, int Line, VCardVersion Version, IReadOnlyList<VCardProperty> Properties, IReadOnlyList<VCardNote>? Notes = null);

/// <summary>A note on a card read whole: the line and the message (starting "line N:").</summary>
internal sealed record VCardNote(int Line, string Message);

/// <summary>What reading a file yields for one card, or for a run of lines outside any card: the card, or why it was refused.</summary>
/// <param name="Number">The card's position in the file (1-based); for text outside cards, the number the next card would have.</param>
/// <param name="Line">The line where the card (or stray text) starts.</param>
/// <param name="Card">The card when it was read whole.</param>
/// <param name="Error">Why it was refused, naming the offending line, when it was not.</param>
/// <param name="ErrorLine">The offending line when refused (the card's own line when no single line is at fault).</param>
internal sealed record VCardReadResult(int Number, int Line, VCardCard? Card, string? Error, int ErrorLine = 0);
