using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using P2PClinic.WebRtc;

namespace P2PClinic.Bench.WebRtc;

/// <summary>
/// Our two peer connections with the relay-only policy through a real coturn (<c>turnserver</c>, Debian <c>coturn</c>)
/// on 127.0.0.1: the cost of a relayed link against the direct one measured by <see cref="CSharpBench"/>.
/// </summary>
internal static class RelayedBench
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("p2pclinic-bench-coturn-").FullName;
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("turnserver") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port.ToString(CultureInfo.InvariantCulture),
            "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=bench", "--allow-loopback-peers", "--no-tls", "--no-dtls",
            "--no-cli", "--simple-log", "--log-file=" + Path.Combine(folder, "turnserver.log"), "--pidfile=" + Path.Combine(folder, "turnserver.pid"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var coturn = Process.Start(start) ?? throw new InvalidOperationException("turnserver (Debian coturn) did not start");
        coturn.OutputDataReceived += (_, _) => { };
        coturn.ErrorDataReceived += (_, _) => { };
        coturn.BeginOutputReadLine();
        coturn.BeginErrorReadLine();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // coturn opens its listeners within a few hundred ms
            var turn = RtcIceServer.WithSharedSecret([$"turn:127.0.0.1:{port}?transport=udp"], secret, "bench", DateTimeOffset.UtcNow.AddHours(1));
            return await CSharpBench.RunAsync(settings, new RtcConfiguration { LoopbackOnly = true, IceServers = [turn], IceTransportPolicy = RtcIceTransportPolicy.Relay });
        }
        finally
        {
            coturn.Kill(entireProcessTree: true);
            await coturn.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
