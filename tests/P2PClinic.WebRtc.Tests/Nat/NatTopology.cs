using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace P2PClinic.WebRtc.Tests.Nat;

/// <summary>
/// Emulated Internet in network namespaces (iproute2, iptables; needs root): a "public" namespace with 10.201.0.1 on
/// its loopback (where coturn listens), and two homes, each behind its own NAT router namespace doing MASQUERADE
/// (endpoint-independent mapping) or MASQUERADE --random-fully (a new port per destination: symmetric). Home 1 is
/// 10.201.11.2 behind router 10.201.1.2, home 2 is 10.201.12.2 behind 10.201.2.2. Everything is deleted on dispose.
/// </summary>
internal sealed partial class NatTopology : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<string> namespaces = [];

    private NatTopology()
    {
    }

    public string Public => $"p2pc{id}pub";

    public string Home1 => $"p2pc{id}h1";

    public string Home2 => $"p2pc{id}h2";

    public const string PublicAddress = "10.201.0.1";

    private string Elsewhere => $"p2pc{id}void";

    /// <summary>Null when namespaces can be made here; else why not (not root, or the kernel refuses).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces exist only on Linux";
        }

        if (Environment.UserName != "root" && geteuid() != 0)
        {
            return "network namespaces need root (CI runs as root)";
        }

        var probe = $"p2pcprobe{Environment.ProcessId}";
        var (code, output) = Run("ip", "netns", "add", probe);
        Run("ip", "netns", "delete", probe);
        return code == 0 ? null : $"the kernel refused a network namespace: {output}";
    }

    /// <summary>Builds the namespaces; <paramref name="blockUdpFromHome1"/> makes router 1 drop every UDP datagram from home 1 (a network that allows only TCP).</summary>
    public static NatTopology Create(bool symmetric1, bool symmetric2, bool blockUdpFromHome1 = false)
    {
        var topology = new NatTopology();
        try
        {
            topology.Build(symmetric1, symmetric2);
            if (blockUdpFromHome1)
            {
                topology.Exec($"p2pc{topology.id}r1", "iptables", "-A", "FORWARD", "-i", "lan", "-p", "udp", "-j", "DROP");
            }

            return topology;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside the namespace: sockets it opens stay there for good.</summary>
    public static T InNamespace<T>(string name, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{name}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
#pragma warning disable CA1031 // rethrown on the caller's thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"in namespace {name}: {failure.Message}", failure);
    }

    public static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    public void Dispose()
    {
        foreach (var name in namespaces)
        {
            Run("ip", "netns", "delete", name);
        }
    }

    /// <summary>
    /// The home's NAT forgets its mappings and maps from other ports from now on (as when a home router reboots or its
    /// connection table overflows): the router's connection table is flushed and its MASQUERADE rule takes ports
    /// 40000-40999. Packets to the old mapping are dropped from then on.
    /// </summary>
    public void ChangeMapping(int home)
    {
        var router = $"p2pc{id}r{home}";
        Exec(router, "iptables", "-t", "nat", "-R", "POSTROUTING", "1", "-o", "wan", "-p", "udp", "-j", "MASQUERADE", "--to-ports", "40000-40999");
        Exec(router, "conntrack", "-F");
    }

    private void Exec(string ns, params string[] command)
    {
        var (code, output) = Run("ip", ["netns", "exec", ns, .. command]);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip netns exec {ns} {string.Join(' ', command)}: {output}");
        }
    }

    private void Ip(params string[] arguments)
    {
        var (code, output) = Run("ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {output}");
        }
    }

    private void Build(bool symmetric1, bool symmetric2)
    {
        foreach (var name in new[] { Public, Home1, Home2, $"p2pc{id}r1", $"p2pc{id}r2", Elsewhere })
        {
            Ip("netns", "add", name);
            namespaces.Add(name);
            Exec(name, "ip", "link", "set", "lo", "up");
        }

        Exec(Public, "ip", "addr", "add", PublicAddress + "/32", "dev", "lo");

        // The rest of the "Internet": a default route to a namespace that forwards nothing, where datagrams to addresses
        // nobody routes (a peer's private host candidate) vanish silently, as they do on the real Internet. Without it
        // coturn's relay sockets meet ENETUNREACH, which real servers never see for such addresses, and stop relaying.
        Ip("link", "add", "out", "netns", Public, "type", "veth", "peer", "name", "in", "netns", Elsewhere);
        Exec(Public, "ip", "addr", "add", "10.201.250.1/24", "dev", "out");
        Exec(Public, "ip", "link", "set", "out", "up");
        Exec(Elsewhere, "ip", "addr", "add", "10.201.250.2/24", "dev", "in");
        Exec(Elsewhere, "ip", "link", "set", "in", "up");
        Exec(Public, "ip", "route", "add", "default", "via", "10.201.250.2");
        for (var home = 1; home <= 2; home++)
        {
            var router = $"p2pc{id}r{home}";
            var homeNs = home == 1 ? Home1 : Home2;
            var symmetric = home == 1 ? symmetric1 : symmetric2;

            // public <-> router uplink: 10.201.<home>.1 / .2
            Ip("link", "add", "up" + home, "netns", Public, "type", "veth", "peer", "name", "wan", "netns", router);
            Exec(Public, "ip", "addr", "add", $"10.201.{home}.1/24", "dev", "up" + home);
            Exec(Public, "ip", "link", "set", "up" + home, "up");
            Exec(router, "ip", "addr", "add", $"10.201.{home}.2/24", "dev", "wan");
            Exec(router, "ip", "link", "set", "wan", "up");
            Exec(router, "ip", "route", "add", "default", "via", $"10.201.{home}.1");

            // router <-> home LAN: 10.201.1<home>.1 / .2
            Ip("link", "add", "lan", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", homeNs);
            Exec(router, "ip", "addr", "add", $"10.201.1{home}.1/24", "dev", "lan");
            Exec(router, "ip", "link", "set", "lan", "up");
            Exec(homeNs, "ip", "addr", "add", $"10.201.1{home}.2/24", "dev", "eth0");
            Exec(homeNs, "ip", "link", "set", "eth0", "up");
            Exec(homeNs, "ip", "route", "add", "default", "via", $"10.201.1{home}.1");

            Exec(router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            Exec(router, ["iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", .. (symmetric ? new[] { "--random-fully" } : [])]);

            // Unsolicited datagrams to the router itself are dropped, as home routers do. This also keeps them out of
            // the connection table (an entry is only confirmed once its packet gets through): otherwise a peer's check
            // arriving before our own first packet to it takes the mapping's port, and the NAT maps us to another port.
            Exec(router, "iptables", "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
