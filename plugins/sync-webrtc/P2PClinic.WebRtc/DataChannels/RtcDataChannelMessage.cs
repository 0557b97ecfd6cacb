using System.Text;

namespace P2PClinic.WebRtc;

/// <summary>A message received on a data channel: a UTF-8 string or binary data, possibly empty.</summary>
/// <param name="IsText">True when the peer sent a string (PPID 51 or 56, RFC 8831 section 8).</param>
/// <param name="Data">The message bytes (UTF-8 for text).</param>
public readonly record struct RtcDataChannelMessage(bool IsText, ReadOnlyMemory<byte> Data)
{
    /// <summary>The message decoded as UTF-8 (meaningful when <see cref="IsText"/> is true).</summary>
    public string Text => Encoding.UTF8.GetString(Data.Span);
}
