using System.Buffers.Text;
using System.Security.Cryptography;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>Fresh tokens of the shapes the protocol defines, as a node would make them.</summary>
internal static class Ids
{
    public static string Room() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Peer() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string Blob(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
