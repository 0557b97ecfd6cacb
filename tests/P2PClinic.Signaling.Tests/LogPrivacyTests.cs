using System.Buffers.Text;
using System.Net;
using System.Text;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>The server never logs what it carries: no invite payload, no signal, no share code, at any level.</summary>
public sealed class LogPrivacyTests
{
    [Fact]
    public async Task AFullRendezvous_AtTraceLevel_LogsNoBlobAndNoShareCode()
    {
        var logs = new LogCapture();
        var settings = TestSignalingServer.DefaultSettings();
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        settings["Signaling:MaxFailedClaims"] = "1";
        // Recognisable text, so a leak would show in any form: as sent, or decoded.
        var payloadText = "INVITE-PAYLOAD-SECRET-" + Guid.NewGuid().ToString("N");
        var signalText = "SIGNAL-OFFER-SECRET-" + Guid.NewGuid().ToString("N");
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadText));
        var signal = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(signalText));
        string code;
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());

        await using (var server = await TestSignalingServer.StartAsync(settings, logs: logs))
        {
            using (var created = await server.Client.CreateShareCodeAsync(payload))
            {
                code = (await SignalingClient.JsonOf(created)).GetProperty("code").GetString()!;
            }

            using (var claimed = await server.Client.ClaimAsync(code))
            {
                Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
            }

            using (await server.Client.ClaimAsync(code))
            using (await server.Client.ClaimAsync(code))
            using (await server.Client.AnnounceAsync(room, a))
            using (await server.Client.AnnounceAsync(room, b))
            using (await server.Client.PostSignalAsync(room, b, a, signal))
            using (await server.Client.PostSignalAsync(room, a, b, signal + "A"))
            using (await server.Client.SendRawAsync(HttpMethod.Post, $"/v1/rooms/{room}/peers/{b}/mailbox", $$"""{"from":"{{a}}","signal":"{{signal}}",""" ))
            using (var drained = await server.Client.DrainAsync(room, b))
            {
                Assert.Contains(signal, await drained.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        var everything = string.Join('\n', logs.Entries);
        Assert.Contains("Share code created", everything, StringComparison.Ordinal);
        Assert.Contains("Signal of", everything, StringComparison.Ordinal);
        Assert.Contains("locked out", everything, StringComparison.Ordinal);
        foreach (var secret in new[] { payload, signal, payloadText, signalText, code, code.Replace("-", "", StringComparison.Ordinal) })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }
}
