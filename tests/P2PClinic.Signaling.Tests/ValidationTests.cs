using System.Net;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>Bad input gets a 4xx with a problem body naming what is wrong; never a 500, and nothing is stored.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private static readonly string Room = Ids.Room();
    private static readonly string PeerA = Ids.Peer();
    private static readonly string PeerB = Ids.Peer();
    private TestSignalingServer server = null!;

    public async Task InitializeAsync()
    {
        var settings = TestSignalingServer.DefaultSettings();
        settings["Signaling:MaxInvitePayloadBytes"] = "300";
        settings["Signaling:MaxSignalBytes"] = "600";
        settings["Signaling:MaxPollWait"] = "00:00:05";
        server = await TestSignalingServer.StartAsync(settings);
        using var a = await server.Client.AnnounceAsync(Room, PeerA);
        using var b = await server.Client.AnnounceAsync(Room, PeerB);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, string> BadPathSegments() => new()
    {
        // room token, peer id
        { "short", PeerA },
        { Room + "A", PeerA },
        { Room[..42] + "+", PeerA },
        { Room[..42] + "=", PeerA },
        { Room[..42] + ".", PeerA },
        { Room[..42] + "%C3%A9", PeerA },
        { Room[..40] + "%2F12", PeerA },
        { Room, "tooshort" },
        { Room, PeerA + "x" },
        { Room, PeerA[..21] + "%2B" },
        { Room, PeerA[..21] + "%2F" },
        { Room, PeerA[..21] + "%20" },
        { Room, PeerA[..21] + "*" },
    };

    [Theory]
    [MemberData(nameof(BadPathSegments))]
    public async Task Announce_BadRoomOrPeer_Is400NamingTheField(string room, string peer)
    {
        using var response = await server.Client.AnnounceAsync(room, peer);

        await AssertFieldProblem(response, room.Length == 43 && !room.Contains('%', StringComparison.Ordinal) && IsBase64Url(room) ? "peer" : "room");
    }

    [Theory]
    [MemberData(nameof(BadPathSegments))]
    public async Task EveryRoute_BadRoomOrPeer_IsA400_NeverA500(string room, string peer)
    {
        var body = $$"""{"from":"{{PeerA}}","signal":"AAAA"}""";
        foreach (var (method, path, content) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, $"/v1/rooms/{room}/peers", null),
            (HttpMethod.Put, $"/v1/rooms/{room}/peers/{peer}", null),
            (HttpMethod.Delete, $"/v1/rooms/{room}/peers/{peer}", null),
            (HttpMethod.Post, $"/v1/rooms/{room}/peers/{peer}/mailbox", body),
            (HttpMethod.Post, $"/v1/rooms/{room}/peers/{peer}/mailbox/drain?wait=0", null),
        })
        {
            using var response = await server.Client.SendRawAsync(method, path, content);
            if (method == HttpMethod.Get && room.Length == 43 && IsBase64Url(room))
            {
                continue; // the list route has no peer segment: a good room is fine there
            }

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    public static TheoryData<string, string> BadShareCodes() => new()
    {
        { "ABCD-234" , "code" },
        { "ABCD-23456", "code" },
        { "ABCD--2345", "code" },
        { "AB-CD2345", "code" },
        { "ABCD 2345", "code" },
        { "0BCD-2345", "code" },
        { "OBCD-2345", "code" },
        { "1BCD-2345", "code" },
        { "IBCD-2345", "code" },
        { "LBCD-2345", "code" },
        { "ÅBCD-2345", "code" },
        { "", "code" },
        { "-", "code" },
    };

    [Theory]
    [MemberData(nameof(BadShareCodes))]
    public async Task Claim_MalformedCode_Is400_AndDoesNotCountAsAFailedClaim(string code, string field)
    {
        for (var i = 0; i < 6; i++)
        {
            using var response = await server.Client.ClaimAsync(code);
            await AssertFieldProblem(response, field);
        }
    }

    public static TheoryData<string, string> BadCreateBodies() => new()
    {
        { """{}""", "payload" },
        { """{"payload":null}""", "payload" },
        { """{"payload":""}""", "payload" },
        { """{"payload":"aGVsbG8="}""", "payload" },
        { """{"payload":"aGVs+G8"}""", "payload" },
        { """{"payload":"aGVs/G8"}""", "payload" },
        { """{"payload":"aGVsb"}""", "payload" },
        { """{"payload":"aGVs bG8"}""", "payload" },
        { """{"payload":"aGVs\nbG8"}""", "payload" },
        { "{\"payload\":\"" + new string('A', 401) + "\"}", "payload" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task CreateShareCode_BadPayload_Is400NamingPayload(string body, string field)
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Post, "/v1/share-codes", body);

        await AssertFieldProblem(response, field);
    }

    [Fact]
    public async Task CreateShareCode_PayloadAtTheDocumentedLimit_IsAccepted()
    {
        using var response = await server.Client.CreateShareCodeAsync(Ids.Blob(300));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PostSignal_SignalAtTheDocumentedLimit_IsAccepted_OneByteMoreIsNot()
    {
        using var atLimit = await server.Client.PostSignalAsync(Room, PeerB, PeerA, Ids.Blob(600));
        using var over = await server.Client.PostSignalAsync(Room, PeerB, PeerA, Ids.Blob(601));

        Assert.Equal(HttpStatusCode.NoContent, atLimit.StatusCode);
        await AssertFieldProblem(over, "signal");
    }

    public static TheoryData<string, string> BadPostBodies() => new()
    {
        { $$"""{"signal":"AAAA"}""", "from" },
        { $$"""{"from":"nope","signal":"AAAA"}""", "from" },
        { $$"""{"from":"{{PeerB}}","signal":"AAAA"}""", "from" },
        { $$"""{"from":"{{PeerA}}"}""", "signal" },
        { $$"""{"from":"{{PeerA}}","signal":"A"}""", "signal" },
        { $$"""{"from":"{{PeerA}}","signal":"AA=="}""", "signal" },
    };

    [Theory]
    [MemberData(nameof(BadPostBodies))]
    public async Task PostSignal_BadField_Is400NamingIt(string body, string field)
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Post, $"/v1/rooms/{Room}/peers/{PeerB}/mailbox", body);

        await AssertFieldProblem(response, field);
        Assert.Empty(await server.Client.DrainMessagesAsync(Room, PeerB));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("""{"payload":42}""")]
    [InlineData("""{"payload":["a"]}""")]
    [InlineData("""{"payload":"AAAA",}""")]
    [InlineData("")]
    public async Task CreateShareCode_BodyThatIsNotTheJsonObject_Is400InvalidBody(string body)
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Post, "/v1/share-codes", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await SignalingClient.JsonOf(response);
        Assert.Equal("urn:p2pclinic:signaling:invalid-body", json.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task CreateShareCode_NotJsonContentType_Is415(string contentType)
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Post, "/v1/share-codes", """{"payload":"AAAA"}""", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/share-codes", 2_000)]
    [InlineData("/v1/share-codes", 200_000)]
    [InlineData("/v1/share-codes/claim", 300)]
    public async Task OversizedBody_Is413(string path, int size)
    {
        var body = "{\"payload\":\"" + new string('A', size) + "\"}";

        using var response = await server.Client.SendRawAsync(HttpMethod.Post, path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:body-too-large", (await SignalingClient.JsonOf(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OversizedChunkedBody_WithoutContentLength_Is413()
    {
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"payload\":\"" + new string('A', 5_000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/share-codes") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("6")]
    [InlineData("abc")]
    [InlineData("1e1")]
    [InlineData("")]
    [InlineData("99999")]
    [InlineData("0x1")]
    public async Task Drain_BadWait_Is400NamingWait(string wait)
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Post, $"/v1/rooms/{Room}/peers/{PeerA}/mailbox/drain?wait={wait}");

        await AssertFieldProblem(response, "wait");
    }

    [Fact]
    public async Task NulInThePath_IsRejectedByKestrelAs400()
    {
        // Kestrel refuses such a request line before any middleware runs, so there is no problem body to give.
        using var response = await server.Client.AnnounceAsync(Room[..42] + "%00", PeerA);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RequestTargetOverTheDocumentedLimit_Is414ProblemJson()
    {
        using var response = await server.Client.ListAsync(new string('A', 8 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:uri-too-long", await ProblemTypeOf(response));
    }

    [Fact]
    public async Task RequestTargetAtTheDocumentedLimit_IsAnsweredByTheRoute()
    {
        var path = $"/v1/rooms/{Room}/peers?";
        using var response = await server.Client.SendRawAsync(HttpMethod.Get, path + new string('x', (8 * 1024) - path.Length));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(1, 16 * 1024)]
    [InlineData(101, 8)]
    public async Task HeadersOverTheDocumentedLimit_Are431ProblemJson(int count, int valueLength)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/rooms/{Room}/peers");
        for (var i = 0; i < count; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string('v', valueLength));
        }

        using var response = await server.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:headers-too-large", await ProblemTypeOf(response));
    }

    [Fact]
    public async Task HeadersBeyondKestrelsCeiling_AreABare431()
    {
        // Four times the documented limit: Kestrel refuses the request before any middleware runs (documented).
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/rooms/{Room}/peers");
        request.Headers.Add("X-Filler", new string('v', 4 * 16 * 1024));

        using var response = await server.Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemJson()
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Get, "/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemJson()
    {
        using var response = await server.Client.SendRawAsync(HttpMethod.Get, "/v1/share-codes");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RandomGarbage_OnEveryRoute_NeverGetsA500()
    {
        var random = new Random(20261125);
        var routes = new[] { "/v1/share-codes", "/v1/share-codes/claim", $"/v1/rooms/{{0}}/peers/{{1}}/mailbox", $"/v1/rooms/{{0}}/peers/{{1}}/mailbox/drain?wait={{2}}", $"/v1/rooms/{{0}}/peers/{{1}}", $"/v1/rooms/{{0}}/peers" };
        var methods = new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete };
        for (var i = 0; i < 300; i++)
        {
            var route = string.Format(System.Globalization.CultureInfo.InvariantCulture, routes[random.Next(routes.Length)], Garbage(random, 43), Garbage(random, 22), Garbage(random, 3));
            var body = random.Next(3) switch
            {
                0 => null,
                1 => Garbage(random, 200),
                _ => $$"""{"payload":"{{Garbage(random, 30)}}","code":"{{Garbage(random, 9)}}","from":"{{Garbage(random, 22)}}","signal":{{random.Next()}}}""",
            };

            using var response = await server.Client.SendRawAsync(methods[random.Next(methods.Length)], route, body);

            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {route}");
        }
    }

    private static string Garbage(Random random, int maxLength)
    {
        const string Characters = "ABCabc019-_+/=%.~ \"\\{}[]:,é\u0000\u2028";
        var length = random.Next(maxLength + 1);
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = Characters[random.Next(Characters.Length)];
        }

        return Uri.EscapeDataString(new string(text));
    }

    private static async Task<string> ProblemTypeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await SignalingClient.JsonOf(response)).GetProperty("type").GetString()!;
    }

    private static bool IsBase64Url(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static async Task AssertFieldProblem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await SignalingClient.JsonOf(response);
        Assert.Equal("urn:p2pclinic:signaling:invalid-field", json.GetProperty("type").GetString());
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}': {json}");
    }
}
