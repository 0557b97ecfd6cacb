using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace P2PClinic.Signaling.Load;

/// <summary>The signaling server and redis-server as child processes on free loopback ports, killed on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Id => process.Id;

    /// <summary>Resident set size from /proc (Linux), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS in /proc status.");
    }

    public static ChildProcess StartRedis()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        return Launch(start, port);
    }

    public static ChildProcess StartSignaling(string store, int redisPort, bool workstationGc)
    {
        var port = FreePort();
        var dll = ServerAssembly();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Signaling:Store"] = store,
            ["Signaling:Redis:ConnectionString"] = $"127.0.0.1:{redisPort}",
            ["Signaling:Redis:KeyPrefix"] = "bench:",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var budget in new[] { "ShareCodeCreate", "ShareCodeClaim", "Presence", "Mailbox" })
        {
            // One client address makes every request here: the budgets would otherwise be what is measured.
            settings[$"Signaling:RateLimits:{budget}:PermitLimit"] = "1000000000";
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (workstationGc)
        {
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["DOTNET_gcConcurrent"] = "0";
            // A 2 MiB gen0 budget (hex): garbage cannot pile up to tens of MiB between collections and pass for live rooms.
            start.Environment["DOTNET_GCgen0size"] = "200000";
        }

        return Launch(start, port);
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

    private static ChildProcess Launch(ProcessStartInfo start, int port)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return new ChildProcess(process, port);
    }

    /// <summary>The server built in the same configuration as this benchmark (the project reference builds it first).</summary>
    private static string ServerAssembly()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "P2PClinic.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir?.FullName ?? ".", "signaling", "P2PClinic.Signaling", "bin", Configuration, "net10.0", "P2PClinic.Signaling.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: dotnet build -c {Configuration} signaling/P2PClinic.Signaling", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
