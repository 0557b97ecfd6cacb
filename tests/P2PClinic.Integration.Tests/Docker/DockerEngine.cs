using System.Net.Sockets;
using System.Text;

namespace P2PClinic.Integration.Tests.Docker;

/// <summary>
/// The Docker engine these tests run against: whether one answers (else the tests are skipped with the reason, or
/// fail in CI), and the <c>docker</c> command line for the faults Testcontainers has no call for (kill, network
/// disconnect and connect).
/// </summary>
internal static class DockerEngine
{
    /// <summary>Debian's docker.io speaks API 1.41; newer clients (and Testcontainers) ask for more unless told.</summary>
    public const string ApiVersion = "1.41";

    private const string SocketPath = "/var/run/docker.sock";

    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    static DockerEngine()
    {
        // Set before Testcontainers reads its configuration, so `dotnet test` works without test.sh's environment too.
        SetIfMissing("DOCKER_API_VERSION", ApiVersion);
        SetIfMissing("TESTCONTAINERS_RYUK_DISABLED", "true");
        SetIfMissing("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
    }

    /// <summary>Why no engine can be used (null when one answers).</summary>
    public static string? Unavailable => UnavailableReason.Value;

    /// <summary>True in CI, where a missing engine is a failure, not a skip.</summary>
    public static bool InContinuousIntegration => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>For a fixture: true when an engine answers; false (the tests skip) when none does outside CI; throws in CI.</summary>
    public static bool RequireInContinuousIntegration()
    {
        if (Unavailable is not { } reason)
        {
            return true;
        }

        return InContinuousIntegration ? throw new InvalidOperationException($"CI=true but {reason}") : false;
    }

    /// <summary>Runs <c>docker</c> with the arguments; returns its standard output, or throws with everything it printed.</summary>
    public static Task<string> RunAsync(params string[] arguments) => CommandLine.RunAsync("docker", arguments);

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null; // A remote engine: let Testcontainers find out and fail loudly if it is not there.
        }

        var path = string.IsNullOrEmpty(host) ? SocketPath : host["unix://".Length..];
        if (!File.Exists(path))
        {
            return $"no Docker engine: {path} does not exist (test.sh installs docker.io and starts dockerd; run it as root)";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 5000, SendTimeout = 5000 };
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && answer.Contains(" 200 ", StringComparison.Ordinal)
                ? null
                : $"the Docker engine at {path} did not answer its ping: {answer.Split('\n')[0]}";
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers at {path}: {e.Message}";
        }
    }

    private static void SetIfMissing(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
