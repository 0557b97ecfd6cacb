using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>A real libwebrtc peer: <c>tests/webrtc-peers/peer.js</c> on Node with <c>@roamhq/wrtc</c>, driven over stdio.</summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<JsonElement> messages = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> stderr = [];
    private readonly Task reading;

    private NodePeer(Process process)
    {
        this.process = process;
        reading = Task.Run(ReadAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public static string PeersDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "webrtc-peers");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/webrtc-peers not found above the test binaries.");
        }
    }

    /// <summary>Starts <c>node peer.js offer|answer</c>. Needs <c>npm ci</c> in tests/webrtc-peers (test.sh runs it).</summary>
    public static NodePeer Start(string role, string script = "peer.js") => Start(role, script, null, new Dictionary<string, string>());

    /// <summary>Starts the peer inside a network namespace (<c>ip netns exec</c>) with extra environment variables.</summary>
    public static NodePeer Start(string role, string script, string? networkNamespace, IReadOnlyDictionary<string, string> environment)
    {
        var directory = PeersDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@roamhq", "wrtc")))
        {
            throw new InvalidOperationException($"Run 'npm ci' in {directory} first (./test.sh does it).");
        }

        var start = new ProcessStartInfo(networkNamespace is null ? "node" : "ip", networkNamespace is null ? [script, role] : ["netns", "exec", networkNamespace, "node", script, role])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new NodePeer(Process.Start(start) ?? throw new InvalidOperationException("node did not start."));
    }

    public string StandardError
    {
        get
        {
            lock (stderr)
            {
                return string.Join('\n', stderr);
            }
        }
    }

    /// <summary>Our side offers, this peer (started as "answer") answers; completes once <paramref name="pc"/> is connected.</summary>
    public async Task NegotiateAsOffererAsync(RtcPeerConnection pc, CancellationToken cancellationToken)
    {
        var offer = await pc.CreateOfferAsync(cancellationToken);
        await SendAsync(new { type = "offer", sdp = offer.Sdp });
        var answer = await WaitForAsync("answer", cancellationToken: cancellationToken);
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, answer.GetProperty("sdp").GetString()!));
        await pc.WaitForConnectedAsync(cancellationToken);
    }

    /// <summary>This peer (started as "offer") offers, our side answers; completes once <paramref name="pc"/> is connected.</summary>
    public async Task NegotiateAsAnswererAsync(RtcPeerConnection pc, CancellationToken cancellationToken)
    {
        var offer = await WaitForAsync("offer", cancellationToken: cancellationToken);
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer.GetProperty("sdp").GetString()!));
        var answer = await pc.CreateAnswerAsync(cancellationToken);
        await SendAsync(new { type = "answer", sdp = answer.Sdp });
        await pc.WaitForConnectedAsync(cancellationToken);
    }

    public async Task SendAsync(object message)
    {
        await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(message));
        await process.StandardInput.FlushAsync();
    }

    /// <summary>Reads messages until one of <paramref name="type"/> (and event name, if given) arrives.</summary>
    public async Task<JsonElement> WaitForAsync(string type, string? eventName = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JsonElement message;
            try
            {
                message = await messages.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"The Node peer exited before sending '{type}'. stderr:\n{StandardError}");
            }

            if (message.GetProperty("type").GetString() == type && (eventName is null || message.GetProperty("event").GetString() == eventName))
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await SendAsync(new { type = "exit" });
            }
            catch (IOException)
            {
                // already gone
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await reading;
        process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('{'))
            {
                messages.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        messages.Writer.TryComplete();
    }
}
