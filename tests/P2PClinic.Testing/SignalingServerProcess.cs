using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace P2PClinic.Testing;

/// <summary>
/// The real signaling server (signaling/P2PClinic.Signaling, from its build output) as a child process on a random
/// 127.0.0.1 port, with request budgets large enough that only the tests' own logic counts, and a short presence
/// TTL so that a killed peer lapses within seconds.
/// </summary>
public sealed partial class SignalingServerProcess : IAsyncDisposable
{
    /// <summary>Presence (and mailbox) lifetime the tests run with; the plugin re-announces at half of it.</summary>
    public static readonly TimeSpan PresenceTtl = TimeSpan.FromSeconds(8);

    private readonly Process process;
    private readonly StringBuilder output;

    private SignalingServerProcess(Process process, StringBuilder output, Uri address)
    {
        this.process = process;
        this.output = output;
        Address = address;
    }

    /// <summary>The server's base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="extraArguments">More configuration (<c>--key value</c> pairs), applied after the defaults.</param>
    public static async Task<SignalingServerProcess> StartAsync(params string[] extraArguments)
    {
        var assembly = typeof(SignalingServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "P2PClinic.SignalingAssembly").Value!;
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("the signaling server is not built; build signaling/P2PClinic.Signaling", assembly);
        }

        var start = new ProcessStartInfo(ProcessRunner.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        string[] arguments =
        [
            "--urls", "http://127.0.0.1:0",
            "--Signaling:PresenceTtl", PresenceTtl.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            "--Signaling:RateLimits:Presence:PermitLimit", "100000",
            "--Signaling:RateLimits:Mailbox:PermitLimit", "100000",
            // Every test node claims from 127.0.0.1, and tests try unknown codes on purpose: a suite of joins is not a
            // guessing client (the lockout itself is tested against the server in process).
            "--Signaling:RateLimits:ShareCodeClaim:PermitLimit", "100000",
            "--Signaling:RateLimits:ShareCodeCreate:PermitLimit", "100000",
            "--Signaling:MaxFailedClaims", "100000",
            "--Logging:Console:FormatterName", "simple",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value + "/"));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the signaling server exited before it listened:\n" + output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // A guard against a hang, not a timing assertion.
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return new SignalingServerProcess(process, output, address);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
