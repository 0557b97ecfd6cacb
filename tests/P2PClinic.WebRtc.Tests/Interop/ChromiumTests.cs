using System.Security.Cryptography;
using Microsoft.Playwright;
using P2PClinic.Testing;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>
/// Our stack against headless Chromium (Debian's /usr/bin/chromium driven by Playwright). Chromium hands out only mDNS
/// or LAN candidates, which we drop; it gets our 127.0.0.1 candidate and we learn its address from its checks
/// (peer-reflexive, RFC 8445 section 7.3.1.3).
/// </summary>
public class ChromiumTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The page's side: answer or offer, and echo every message on every channel.</summary>
    private const string PageScript = """
        window.startPeer = async ({ role, sdp }) => {
          const pc = new RTCPeerConnection({ iceServers: [] });
          window.pc = pc;
          window.closedChannels = [];
          const echo = (channel) => {
            channel.binaryType = 'arraybuffer';
            channel.onmessage = (e) => channel.send(e.data);
            channel.onclose = () => window.closedChannels.push(channel.label);
          };
          pc.ondatachannel = (e) => echo(e.channel);
          if (role === 'offer') {
            echo(pc.createDataChannel('echo'));
            await pc.setLocalDescription(await pc.createOffer());
          } else {
            await pc.setRemoteDescription({ type: 'offer', sdp });
            await pc.setLocalDescription(await pc.createAnswer());
          }
          await new Promise((resolve) => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
            setTimeout(resolve, 3000);
          });
          return pc.localDescription.sdp;
        };
        window.acceptAnswer = (sdp) => window.pc.setRemoteDescription({ type: 'answer', sdp });

        // Bulk data to us on a new channel, as tests/webrtc-peers/peer.js's "bulk" command does: random messages,
        // our replies counted, and on our "done" the SHA-256 of everything sent lands in window.bulkResult.
        window.sendBulk = ({ label, totalBytes, messageBytes }) => {
          const channel = window.pc.createDataChannel(label);
          channel.binaryType = 'arraybuffer';
          channel.bufferedAmountLowThreshold = 1024 * 1024;
          const parts = [];
          let replies = 0;
          let sent = 0;
          window.bulkResult = null;
          channel.onmessage = async (e) => {
            if (e.data !== 'done') { replies++; return; }
            const all = new Uint8Array(sent);
            let offset = 0;
            for (const part of parts) { all.set(part, offset); offset += part.length; }
            const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
            window.bulkResult = { bytes: sent, sha256: [...digest].map((x) => x.toString(16).padStart(2, '0')).join(''), replies };
          };
          channel.onopen = async () => {
            while (sent < totalBytes) {
              if (channel.bufferedAmount > 4 * 1024 * 1024) {
                await new Promise((resolve) => { channel.onbufferedamountlow = resolve; });
              }
              const message = new Uint8Array(Math.min(messageBytes, totalBytes - sent));
              crypto.getRandomValues(message);
              parts.push(message);
              channel.send(message);
              sent += message.length;
            }
          };
        };
        """;

    [Fact]
    public async Task CSharpOffers_ChromiumAnswers_EchoesMessages()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><title>peer</title>");
        await page.AddScriptTagAsync(new() { Content = PageScript });

        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var offer = await pc.CreateOfferAsync(cts.Token);
        var answer = await page.EvaluateAsync<string>("args => window.startPeer(args)", new { role = "answer", sdp = offer.Sdp });
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, answer));
        await pc.WaitForConnectedAsync(cts.Token);

        var channel = pc.CreateDataChannel("echo");
        await EchoAsync(channel, cts.Token);

        channel.Close();
        await Eventually.WaitUntilAsync(async () => await page.EvaluateAsync<int>("() => window.closedChannels.length") == 1, "the page to see the channel closed", cancellationToken: cts.Token);
    }

    [Fact]
    public async Task ChromiumOffers_CSharpAnswers_EchoesMessages()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><title>peer</title>");
        await page.AddScriptTagAsync(new() { Content = PageScript });

        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var opened = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.DataChannelOpened += c => opened.TrySetResult(c);
        var offer = await page.EvaluateAsync<string>("args => window.startPeer(args)", new { role = "offer", sdp = string.Empty });
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer));
        var answer = await pc.CreateAnswerAsync(cts.Token);
        await page.EvaluateAsync("sdp => window.acceptAnswer(sdp)", answer.Sdp);
        await pc.WaitForConnectedAsync(cts.Token);

        var channel = await opened.Task.WaitAsync(cts.Token);
        await EchoAsync(channel, cts.Token);
    }

    /// <summary>
    /// 64 MiB in 64 KiB messages from Chromium, with our reply after every MiB (see <see cref="BulkTransfer"/>):
    /// a stall is a correctness failure, so it must all arrive, exactly, within a generous bound.
    /// </summary>
    [Fact]
    public async Task ChromiumSends64MiBWithReplies_CSharpReceivesItAllExactly()
    {
        const long totalBytes = 64L * BulkTransfer.MiB;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync();

        // crypto.subtle (the page's SHA-256) exists only in a secure context: serve the page as http://localhost/,
        // answered by Playwright itself, so nothing leaves the process.
        await page.RouteAsync("http://localhost/", route => route.FulfillAsync(new() { Body = "<!doctype html><title>peer</title>", ContentType = "text/html" }));
        await page.GotoAsync("http://localhost/");
        await page.AddScriptTagAsync(new() { Content = PageScript });

        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var offer = await page.EvaluateAsync<string>("args => window.startPeer(args)", new { role = "offer", sdp = string.Empty });
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer));
        var answer = await pc.CreateAnswerAsync(cts.Token);
        await page.EvaluateAsync("sdp => window.acceptAnswer(sdp)", answer.Sdp);
        await pc.WaitForConnectedAsync(cts.Token);

        var bulk = BulkTransfer.WaitForChannelAsync(pc, "bulk", cts.Token);
        await page.EvaluateAsync("args => window.sendBulk(args)", new { label = "bulk", totalBytes, messageBytes = 64 * 1024 });
        var received = await BulkTransfer.ReceiveAsync(await bulk, totalBytes, cts.Token);
        var sender = "null";
        await Eventually.WaitUntilAsync(async () => (sender = await page.EvaluateAsync<string>("() => JSON.stringify(window.bulkResult)")) != "null", "the page's bulk result", cancellationToken: cts.Token);
        var account = System.Text.Json.JsonDocument.Parse(sender).RootElement;

        Assert.Equal(totalBytes, received.Bytes);
        Assert.Equal(account.GetProperty("sha256").GetString(), received.Sha256);
        Assert.Equal(totalBytes, account.GetProperty("bytes").GetInt64());
        Assert.Equal(totalBytes / BulkTransfer.MiB, account.GetProperty("replies").GetInt32());
    }

    private static async Task EchoAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var inbox = CSharpToCSharpTests.Collect(channel);
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.State == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        await open.Task.WaitAsync(cancellationToken);
        await channel.SendAsync("hello, Chromium", cancellationToken);
        Assert.Equal("hello, Chromium", (await inbox.ReadAsync(cancellationToken)).Text);
        foreach (var size in new[] { 0, 1, 5000, 65_536, 262_144 })
        {
            var payload = RandomNumberGenerator.GetBytes(size);
            await channel.SendAsync(payload, cancellationToken);
            var echoed = await inbox.ReadAsync(cancellationToken);
            Assert.False(echoed.IsText);
            Assert.Equal(payload, echoed.Data.ToArray());
        }

        for (var i = 0; i < 1000; i++)
        {
            await channel.SendAsync($"#{i}", cancellationToken);
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal($"#{i}", (await inbox.ReadAsync(cancellationToken)).Text);
        }
    }

    private static async Task<BrowserSession> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Install Debian's chromium (./test.sh does it).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    private sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.CloseAsync();
            Playwright.Dispose();
        }
    }
}
