using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace P2PClinic.WebRtc.Ice;

/// <summary>
/// Which interface addresses become host candidates (RFC 8445 section 5.1.1.1), by the rules browsers apply: no
/// loopback while another address exists, no IPv6 link-local (fe80::/10 needs a zone id a peer cannot use) or
/// deprecated site-local (fec0::/10), no IPv4-mapped or unspecified addresses. IPv6 and IPv4 are interleaved
/// (RFC 8421 section 4) so that neither family starves the other of high priorities.
/// </summary>
internal static class HostAddressSelection
{
    /// <summary>The addresses of the interfaces that are up, loopback last (used only when nothing else exists).</summary>
    public static IReadOnlyList<IPAddress> FromInterfaces(bool includeIPv6)
    {
        var found = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            found.AddRange(nic.GetIPProperties().UnicastAddresses.Select(u => u.Address));
        }

        return Select(found, includeIPv6);
    }

    /// <summary>Applies the rules to a list of interface addresses (kept separate from the OS query so it can be tested).</summary>
    public static IReadOnlyList<IPAddress> Select(IEnumerable<IPAddress> addresses, bool includeIPv6)
    {
        var v4 = new List<IPAddress>();
        var v6 = new List<IPAddress>();
        foreach (var address in addresses.Distinct())
        {
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                continue;
            }

            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                v4.Add(address);
            }
            else if (includeIPv6 && address.AddressFamily == AddressFamily.InterNetworkV6
                && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && !address.IsIPv4MappedToIPv6 && !address.IsIPv6Multicast)
            {
                v6.Add(address);
            }
        }

        var selected = new List<IPAddress>(v4.Count + v6.Count);
        for (var i = 0; i < Math.Max(v4.Count, v6.Count); i++)
        {
            if (i < v6.Count)
            {
                selected.Add(v6[i]);
            }

            if (i < v4.Count)
            {
                selected.Add(v4[i]);
            }
        }

        if (selected.Count == 0)
        {
            selected.Add(IPAddress.Loopback); // a machine with no network still links to itself
        }

        return selected;
    }
}
