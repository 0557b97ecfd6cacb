using System.Net;
using System.Net.Sockets;

namespace P2PClinic.Signaling.Internal.Model;

/// <summary>
/// The unit rate limits and claim lockouts count per: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
/// whole /64, so counting single IPv6 addresses would give a brute-forcer 2^64 budgets).
/// </summary>
internal static class ClientPartition
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
