using System.Globalization;
using System.Text;

namespace P2PClinic.Plugins.Contacts.Internal.Search;

/// <summary>
/// The form text is compared in: decomposed (Unicode FormD) with nonspacing marks removed, so "Müller" matches
/// "muller", then case-folded. Letters that carry no decomposable accent but are commonly typed without it
/// (ß, æ, ø, ł, đ, dotless ı) are folded by hand.
/// </summary>
internal static class SearchText
{
    public static string Fold(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            switch (lower)
            {
                case 'ß':
                    builder.Append("ss");
                    break;
                case 'æ':
                    builder.Append("ae");
                    break;
                case 'œ':
                    builder.Append("oe");
                    break;
                case 'ø':
                    builder.Append('o');
                    break;
                case 'ł':
                    builder.Append('l');
                    break;
                case 'đ':
                    builder.Append('d');
                    break;
                case 'ı':
                    builder.Append('i');
                    break;
                default:
                    builder.Append(lower);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The digits of a phone number: "+1 (425) 555-0100" → "14255550100".</summary>
    public static string Digits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether a query term is written like a phone number (digits and phone punctuation only).</summary>
    public static bool IsPhoneLike(string term) =>
        term.Any(char.IsAsciiDigit) && term.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or '(' or ')' or '.' or '/' or ' ');
}
