using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Buffers.Binary;

namespace P2PClinic.WebRtc.Tests.Turn;

/// <summary>
/// A real coturn (<c>turnserver</c>, Debian's <c>coturn</c> package; test.sh installs it) on 127.0.0.1 with the REST
/// shared secret (<c>use-auth-secret</c>), its log in a temporary folder, killed on dispose.
/// </summary>
internal sealed class CoturnServer : IAsyncDisposable
{
    public const string Realm = "p2pclinic.test";

    private readonly Process process;
    private readonly string folder;

    private CoturnServer(Process process, string folder, IPEndPoint endPoint, string secret)
    {
        this.process = process;
        this.folder = folder;
        EndPoint = endPoint;
        Secret = secret;
    }

    /// <summary>The port inside a test's own namespace, where nothing else listens: the default STUN/TURN port.</summary>
    public const int IceServerPortInNamespace = 3478;

    public IPEndPoint EndPoint { get; }

    public string Secret { get; }

    public string LogFile => Path.Combine(folder, "turnserver.log");

    /// <summary>Starts coturn with extra options (short lifetimes, stale nonces) and waits until it answers a Binding request.</summary>
    public static Task<CoturnServer> StartAsync(params string[] extraOptions) => StartAsync(null, IPAddress.Loopback, extraOptions);

    /// <summary>Starts coturn inside a network namespace (<c>ip netns exec</c>), listening and relaying on <paramref name="address"/>.</summary>
    public static async Task<CoturnServer> StartAsync(string? networkNamespace, IPAddress address, params string[] extraOptions)
    {
        // On loopback the port is picked free and released before coturn binds it, so another test's socket can take
        // it first (coturn then runs but never answers): start again on another port. In a namespace the test owns
        // every port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(networkNamespace, address, extraOptions);
            }
            catch (TimeoutException) when (networkNamespace is null && attempt < 3)
            {
            }
        }
    }

    private static async Task<CoturnServer> StartOnceAsync(string? networkNamespace, IPAddress address, string[] extraOptions)
    {
        var folder = Directory.CreateTempSubdirectory("p2pclinic-coturn-").FullName;
        var port = networkNamespace is null ? FreeUdpPort() : IceServerPortInNamespace;
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(networkNamespace is null ? "turnserver" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (networkNamespace is not null)
        {
            foreach (var prefix in new[] { "netns", "exec", networkNamespace, "turnserver" })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in new[]
        {
            "-n", $"--listening-ip={address}", $"--relay-ip={address}", "--listening-port=" + port.ToString(CultureInfo.InvariantCulture),
            "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + Realm, "--fingerprint",
            "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli", "--no-tcp-relay", "--simple-log",
            "--log-file=" + Path.Combine(folder, "turnserver.log"), "--pidfile=" + Path.Combine(folder, "turnserver.pid"),
        }.Concat(extraOptions))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("turnserver (Debian package coturn) is not installed; test.sh installs it", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new CoturnServer(process, folder, new IPEndPoint(address, port), secret);
        try
        {
            await server.WaitAnsweringAsync(networkNamespace);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // exited already
        }

        process.Dispose();
        if (Environment.GetEnvironmentVariable("P2PCLINIC_KEEP_COTURN_LOG") is { Length: > 0 } keep && File.Exists(LogFile))
        {
            File.Copy(LogFile, keep, overwrite: true); // for a developer chasing a failure
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a log still open; the temp folder is cleaned by the OS
        }
    }

    /// <summary>
    /// A bare Binding request (RFC 8489 section 5: type 0x0001, length 0, magic cookie, random transaction id), written
    /// out here rather than with the stack's codec so that this fixture can be shared by test projects that do not see
    /// the stack's internals.
    /// </summary>
    private static byte[] BindingRequest()
    {
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112_A442);
        System.Security.Cryptography.RandomNumberGenerator.Fill(request.AsSpan(8));
        return request;
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task WaitAnsweringAsync(string? networkNamespace)
    {
        using var client = networkNamespace is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : Nat.NatTopology.InNamespace(networkNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        client.Bind(new IPEndPoint(networkNamespace is null ? IPAddress.Loopback : IPAddress.Any, 0));
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with {process.ExitCode}: {(File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "no log")}");
            }

            await client.SendToAsync(BindingRequest(), EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await client.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (received.ReceivedBytes >= 20 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == 0x0101)
                {
                    return; // a Binding success response
                }
            }
            catch (OperationCanceledException)
            {
                // not listening yet
            }
        }

        throw new TimeoutException($"turnserver did not answer a Binding request on {EndPoint} within 20 s: {(File.Exists(LogFile) ? string.Join(" | ", (await File.ReadAllLinesAsync(LogFile)).TakeLast(5)) : "no log")}");
    }
}
