using System.Text;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Turns physical lines into logical lines: a line break (CRLF, LF or CR) followed by one space or tab is a
/// fold and disappears together with that whitespace character (RFC 6350 section 3.2, RFC 2425 section 5.8.1).
/// Each logical line keeps the number of the physical line it started on.
/// </summary>
internal sealed class VCardLineSource
{
    private readonly TextReader _reader;
    private string? _lookahead;
    private int _lookaheadNumber;
    private int _physicalLine;
    private bool _first = true;

    public VCardLineSource(TextReader reader)
    {
        _reader = reader;
        Advance();
    }

    /// <summary>Reads the next logical line; false at the end of the input.</summary>
    public bool TryRead(out string line, out int lineNumber)
    {
        if (_lookahead is null)
        {
            line = "";
            lineNumber = _physicalLine;
            return false;
        }

        lineNumber = _lookaheadNumber;
        var current = _lookahead;
        Advance();
        if (!IsContinuation(_lookahead))
        {
            line = current;
            return true;
        }

        var builder = new StringBuilder(current);
        while (IsContinuation(_lookahead))
        {
            builder.Append(_lookahead, 1, _lookahead!.Length - 1);
            Advance();
        }

        line = builder.ToString();
        return true;
    }

    private static bool IsContinuation(string? line) => line is { Length: > 0 } && (line[0] == ' ' || line[0] == '\t');

    private void Advance()
    {
        _lookahead = _reader.ReadLine();
        if (_lookahead is null)
        {
            return;
        }

        _physicalLine++;
        _lookaheadNumber = _physicalLine;
        if (_first)
        {
            _first = false;
            // A UTF-8 byte order mark decoded as text (when the caller's reader did not strip it).
            if (_lookahead.Length > 0 && _lookahead[0] == '\uFEFF')
            {
                _lookahead = _lookahead[1..];
            }
        }
    }
}
