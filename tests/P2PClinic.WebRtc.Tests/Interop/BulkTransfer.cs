using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>
/// Bulk data over one data channel with a reply stream, as a sync protocol has: the receiver sends the running
/// byte count back as text after every MiB, and the sender ends with the text <c>done</c>, which the receiver
/// answers with what it got. The same protocol is spoken by <c>tests/webrtc-peers/peer.js</c> (its "sink" channel
/// and its "bulk" command) and by the Chromium page's <c>sendBulk</c>, so every direction is checked byte for byte (SHA-256).
/// Linked into the WebRTC benchmark, which times the same runs.
/// </summary>
internal static class BulkTransfer
{
    public const int MiB = 1024 * 1024;

    /// <summary>
    /// Receives <paramref name="totalBytes"/> on <paramref name="channel"/>, replying after every MiB; once all has
    /// arrived, sends <c>done</c>. Returns the SHA-256 (hex) of what arrived and how long it took from the first byte.
    /// </summary>
    public static async Task<BulkResult> ReceiveAsync(RtcDataChannel channel, long totalBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var replies = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        long received = 0;
        long firstByte = 0;
        void OnMessage(RtcDataChannelMessage message)
        {
            if (message.IsText)
            {
                return;
            }

            if (received == 0)
            {
                firstByte = Stopwatch.GetTimestamp();
            }

            hash.AppendData(message.Data.Span);
            var before = received / MiB;
            received += message.Data.Length;
            if (received / MiB > before)
            {
                replies.Writer.TryWrite(received.ToString(CultureInfo.InvariantCulture));
            }

            if (received >= totalBytes)
            {
                replies.Writer.TryWrite("done");
                replies.Writer.TryComplete();
            }
        }

        channel.MessageReceived += OnMessage;
        try
        {
            // Replies leave from here, not from the delivery callback, so a reply waiting for room never holds up delivery.
            await foreach (var reply in replies.Reader.ReadAllAsync(cancellationToken))
            {
                await channel.SendAsync(reply, cancellationToken);
            }
        }
        finally
        {
            channel.MessageReceived -= OnMessage;
        }

        return new BulkResult(received, Convert.ToHexStringLower(hash.GetHashAndReset()), Stopwatch.GetElapsedTime(firstByte));
    }

    /// <summary>
    /// Sends <paramref name="totalBytes"/> of random data in messages of <paramref name="messageBytes"/>, counting the
    /// receiver's replies; then sends <c>done</c> and waits for the receiver's account (<c>{"bytes":..,"sha256":..}</c>).
    /// </summary>
    public static async Task<BulkSendResult> SendAsync(RtcDataChannel channel, long totalBytes, int messageBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var account = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replies = 0;
        void OnMessage(RtcDataChannelMessage message)
        {
            if (!message.IsText)
            {
                return;
            }

            if (message.Text.StartsWith('{'))
            {
                account.TrySetResult(JsonDocument.Parse(message.Text).RootElement.Clone());
            }
            else
            {
                Interlocked.Increment(ref replies);
            }
        }

        channel.MessageReceived += OnMessage;
        try
        {
            var clock = Stopwatch.StartNew();
            var message = new byte[messageBytes];
            for (long sent = 0; sent < totalBytes; sent += message.Length)
            {
                RandomNumberGenerator.Fill(message);
                hash.AppendData(message);
                await channel.SendAsync(message, cancellationToken);
            }

            await channel.SendAsync("done", cancellationToken);
            var receiverAccount = await account.Task.WaitAsync(cancellationToken);
            var elapsed = clock.Elapsed;
            return new BulkSendResult(
                new BulkResult(receiverAccount.GetProperty("bytes").GetInt64(), receiverAccount.GetProperty("sha256").GetString()!, elapsed),
                Convert.ToHexStringLower(hash.GetHashAndReset()),
                Volatile.Read(ref replies));
        }
        finally
        {
            channel.MessageReceived -= OnMessage;
        }
    }

    /// <summary>Waits until the peer opens a channel labelled <paramref name="label"/>.</summary>
    public static Task<RtcDataChannel> WaitForChannelAsync(RtcPeerConnection pc, string label, CancellationToken cancellationToken)
    {
        var opened = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.DataChannelOpened += c =>
        {
            if (c.Label == label)
            {
                opened.TrySetResult(c);
            }
        };
        return opened.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes once <paramref name="channel"/> is open.</summary>
    public static Task WaitOpenAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.State == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        return open.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>What a receiver got: its byte count, their SHA-256 (hex), and how long the transfer took.</summary>
internal sealed record BulkResult(long Bytes, string Sha256, TimeSpan Elapsed)
{
    public double MegabytesPerSecond => Bytes / Elapsed.TotalSeconds / 1e6;
}

/// <summary>A sender's view: the receiver's account, the SHA-256 of what was sent, and how many replies came back.</summary>
internal sealed record BulkSendResult(BulkResult Received, string SentSha256, int Replies);
