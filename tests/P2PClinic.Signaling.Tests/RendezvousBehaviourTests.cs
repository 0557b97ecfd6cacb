using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Signaling.Internal.Model;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>
/// What the signaling server promises, over HTTP, whatever store it runs on. Each store has a subclass; every test
/// here runs against both. Time is a <see cref="FakeTimeProvider"/>: expiry is tested by moving it, never by sleeping.
/// </summary>
public abstract partial class RendezvousBehaviourTests
{
    private protected readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Starts a server on this subclass's store with the given settings on top of the test defaults.</summary>
    private protected abstract Task<TestSignalingServer> StartServerAsync(Dictionary<string, string?> settings);

    private async Task<TestSignalingServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = TestSignalingServer.DefaultSettings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return await StartServerAsync(all);
    }

    [GeneratedRegex("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$")]
    private static partial Regex DisplayedCode();

    private static async Task<string> CreateCodeAsync(TestSignalingServer server, string payload)
    {
        using var response = await server.Client.CreateShareCodeAsync(payload);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await SignalingClient.JsonOf(response)).GetProperty("code").GetString()!;
    }

    private static async Task AnnounceAsync(TestSignalingServer server, string room, params string[] peers)
    {
        foreach (var peer in peers)
        {
            using var response = await server.Client.AnnounceAsync(room, peer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(TestSignalingServer server, string room, string from, string to, string signal)
    {
        using var response = await server.Client.PostSignalAsync(room, to, from, signal);
        return response.StatusCode;
    }

    private static async Task<string> ProblemTypeOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await SignalingClient.JsonOf(response)).GetProperty("type").GetString()!;
    }

    // --- share codes -------------------------------------------------------------------------------

    [Fact]
    public async Task CreateShareCode_ReturnsCodeShownAsFourDashFour_ExpiringInFiveMinutes()
    {
        await using var server = await StartAsync();
        using var response = await server.Client.CreateShareCodeAsync(Ids.Blob(100));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await SignalingClient.JsonOf(response);
        Assert.Matches(DisplayedCode(), json.GetProperty("code").GetString());
        Assert.Equal(Time.GetUtcNow().AddMinutes(5), json.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CreateShareCode_WithACodeTheNodePicked_KeepsThatCode_AndRefusesItWhileTaken()
    {
        await using var server = await StartAsync();
        var payload = Ids.Blob(200);
        using var created = await server.Client.Http.PostAsJsonAsync("/v1/share-codes", new { payload, code = "abcdefgh" });
        using var taken = await server.Client.Http.PostAsJsonAsync("/v1/share-codes", new { payload = Ids.Blob(10), code = "ABCD-EFGH" });
        using var invalid = await server.Client.Http.PostAsJsonAsync("/v1/share-codes", new { payload, code = "ABCD-EFG0" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ABCD-EFGH", (await SignalingClient.JsonOf(created)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:share-code-taken", await ProblemTypeOf(taken));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var claim = await server.Client.ClaimAsync("ABCDEFGH");
        Assert.Equal(payload, (await SignalingClient.JsonOf(claim)).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task ClaimShareCode_ReturnsThePayloadOnce_ThenNotFound()
    {
        await using var server = await StartAsync();
        var payload = Ids.Blob(700);
        var code = await CreateCodeAsync(server, payload);

        using var first = await server.Client.ClaimAsync(code);
        using var second = await server.Client.ClaimAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(payload, (await SignalingClient.JsonOf(first)).GetProperty("payload").GetString());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:share-code-not-found", await ProblemTypeOf(second));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task ClaimShareCode_IsCaseInsensitive_AndTheDashIsOptional(bool lowerCase, bool withoutDash)
    {
        await using var server = await StartAsync();
        var payload = Ids.Blob(32);
        var code = await CreateCodeAsync(server, payload);
        var typed = withoutDash ? code.Replace("-", "", StringComparison.Ordinal) : code;
        typed = lowerCase ? typed.ToLowerInvariant() : typed;

        using var response = await server.Client.ClaimAsync(" " + typed + " ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, (await SignalingClient.JsonOf(response)).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task ClaimShareCode_OneTickBeforeFiveMinutes_Succeeds()
    {
        await using var server = await StartAsync();
        var code = await CreateCodeAsync(server, Ids.Blob(16));
        Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));

        using var response = await server.Client.ClaimAsync(code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ClaimShareCode_AfterFiveMinutes_IsNotFound()
    {
        await using var server = await StartAsync();
        var code = await CreateCodeAsync(server, Ids.Blob(16));
        Time.Advance(TimeSpan.FromMinutes(5));

        using var response = await server.Client.ClaimAsync(code);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ClaimShareCode_ManyRacingRequests_ExactlyOneGetsThePayload()
    {
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "1000"));
        var payload = Ids.Blob(64);
        var code = await CreateCodeAsync(server, payload);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => server.Client.ClaimAsync(code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(39, responses.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ClaimShareCode_ManyRacingStoreClaims_ExactlyOneWins()
    {
        await using var server = await StartAsync();
        var store = server.Store;
        for (var round = 0; round < 20; round++)
        {
            var code = ShareCode.NewRandom();
            Assert.True(OpaqueBlob.TryParse(Ids.Blob(24), 1024, out var payload) == BlobCheck.Valid);
            Assert.NotNull(await store.CreateShareCodeAsync(code, payload, CancellationToken.None));

            using var start = new ManualResetEventSlim();
            var claims = Enumerable.Range(0, 16)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait();
                    return await store.ClaimShareCodeAsync(code, CancellationToken.None);
                }))
                .ToArray();
            start.Set();
            var results = await Task.WhenAll(claims);

            Assert.Single(results, r => r is not null);
            Assert.Equal(payload, results.Single(r => r is not null));
        }
    }

    [Fact]
    public async Task CreateShareCode_SameCodeTwice_SecondIsRefusedAsACollision()
    {
        await using var server = await StartAsync();
        var code = ShareCode.NewRandom();
        OpaqueBlob.TryParse(Ids.Blob(8), 64, out var first);
        OpaqueBlob.TryParse(Ids.Blob(8), 64, out var second);

        Assert.NotNull(await server.Store.CreateShareCodeAsync(code, first, CancellationToken.None));
        Assert.Null(await server.Store.CreateShareCodeAsync(code, second, CancellationToken.None));
        Assert.Equal(first, await server.Store.ClaimShareCodeAsync(code, CancellationToken.None));
    }

    [Fact]
    public async Task FailedClaims_AfterTheLimit_LockTheClientOut_EvenForARealCode()
    {
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "3"));
        var realCode = await CreateCodeAsync(server, Ids.Blob(16));
        for (var i = 0; i < 3; i++)
        {
            using var guess = await server.Client.ClaimAsync(ShareCode.NewRandom().Display);
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        using var response = await server.Client.ClaimAsync(realCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:claims-locked-out", await ProblemTypeOf(response));
        Assert.Equal(TimeSpan.FromMinutes(15), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task FailedClaims_ManyClaimsWhoseBodiesArriveLate_OnlyTheLimitAreLookedUp()
    {
        // Kestrel's minimum body rate runs on the wall clock and is tested on its own; off here, so that a slow
        // machine cannot turn a late body into a 408 before the lockout is reached.
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "5"), ("Signaling:MinBodyBytesPerSecond", "0"));
        const int Claims = 20;
        var bodies = Enumerable.Range(0, Claims).Select(_ => $$"""{"code":"{{ShareCode.NewRandom().Display}}"}""").ToArray();
        var requests = new List<RawHttpRequest>();
        foreach (var body in bodies)
        {
            requests.Add(await RawHttpRequest.PostHeadersAsync(server.Address, "/v1/share-codes/claim", body.Length));
        }

        try
        {
            // Every handler now waits for its body, so it is past anything the server checks before reading it.
            await server.WaitForBodyReadsAsync(Claims);
            await Task.WhenAll(requests.Zip(bodies, (request, body) => request.SendBodyAsync(body)));
            var responses = await Task.WhenAll(requests.Select(r => r.ReadResponseAsync()));

            Assert.Equal(5, responses.Count(r => r.Status == 404));
            Assert.Equal(Claims - 5, responses.Count(r => r.Status == 429));
            Assert.All(responses.Where(r => r.Status == 429), r => Assert.Equal("urn:p2pclinic:signaling:claims-locked-out", r.ProblemType));
        }
        finally
        {
            requests.ForEach(r => r.Dispose());
        }

        var realCode = await CreateCodeAsync(server, Ids.Blob(16));
        using var afterwards = await server.Client.ClaimAsync(realCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, afterwards.StatusCode);
    }

    [Fact]
    public async Task FailedClaims_ASuccessfulClaimAmongFailedOnes_GivesItsCountBack()
    {
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "2"));
        using (var guess = await server.Client.ClaimAsync(ShareCode.NewRandom().Display))
        {
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        using (var claimed = await server.Client.ClaimAsync(await CreateCodeAsync(server, Ids.Blob(16))))
        {
            Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        }

        using var secondGuess = await server.Client.ClaimAsync(ShareCode.NewRandom().Display);
        using var thirdGuess = await server.Client.ClaimAsync(ShareCode.NewRandom().Display);

        Assert.Equal(HttpStatusCode.NotFound, secondGuess.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, thirdGuess.StatusCode);
    }

    [Fact]
    public async Task FailedClaims_LockoutEndsWithTheWindow()
    {
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "2"), ("Signaling:FailedClaimWindow", "00:10:00"));
        for (var i = 0; i < 2; i++)
        {
            using var guess = await server.Client.ClaimAsync(ShareCode.NewRandom().Display);
        }

        Time.Advance(TimeSpan.FromMinutes(10));
        var code = await CreateCodeAsync(server, Ids.Blob(16));
        using var response = await server.Client.ClaimAsync(code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FailedClaims_SuccessfulClaimsDoNotCount()
    {
        await using var server = await StartAsync(("Signaling:MaxFailedClaims", "2"));
        for (var i = 0; i < 5; i++)
        {
            var code = await CreateCodeAsync(server, Ids.Blob(16));
            using var response = await server.Client.ClaimAsync(code);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    // --- slow bodies ---------------------------------------------------------------------------------

    /// <summary>A claim whose headers and first 5 body bytes are sent, once the endpoint is reading its body; returns the rest.</summary>
    private static async Task<(RawHttpRequest Request, string Remainder)> StartClaimWithPartOfItsBodyAsync(TestSignalingServer server)
    {
        var body = $$"""{"code":"{{ShareCode.NewRandom().Display}}"}""";
        var request = await RawHttpRequest.PostHeadersAsync(server.Address, "/v1/share-codes/claim", body.Length);
        await request.SendBodyAsync(body[..5]);
        await server.WaitForBodyReadsAsync(1);
        return (request, body[5..]);
    }

    [Fact]
    public async Task Body_StillIncompleteAtTheBodyDeadline_Is408Problem_AndTheConnectionCloses()
    {
        await using var server = await StartAsync(("Signaling:BodyReadTimeout", "00:00:10"), ("Signaling:MinBodyBytesPerSecond", "0"));
        var (request, _) = await StartClaimWithPartOfItsBodyAsync(server);
        using var connection = request;

        Time.Advance(TimeSpan.FromSeconds(10));
        var response = await request.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.Equal("urn:p2pclinic:signaling:body-timeout", response.ProblemType);
        Assert.Equal("close", response.Headers["connection"]);
    }

    [Fact]
    public async Task Body_CompletedJustBeforeTheBodyDeadline_IsAnsweredNormally()
    {
        await using var server = await StartAsync(("Signaling:BodyReadTimeout", "00:00:10"), ("Signaling:MinBodyBytesPerSecond", "0"));
        var (request, rest) = await StartClaimWithPartOfItsBodyAsync(server);
        using var connection = request;

        Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        await request.SendBodyAsync(rest);
        var response = await request.ReadResponseAsync();

        Assert.Equal(404, response.Status);
        Assert.Equal("urn:p2pclinic:signaling:share-code-not-found", response.ProblemType);
    }

    [Fact]
    public async Task Body_ArrivingBelowTheMinimumRate_Is408Problem_WithoutTheDeadlinePassing()
    {
        // The fake clock never moves: only Kestrel's minimum data rate (on the wall clock) can end this request.
        await using var server = await StartAsync(("Signaling:MinBodyBytesPerSecond", "1024"));
        var (request, _) = await StartClaimWithPartOfItsBodyAsync(server);
        using var connection = request;

        var response = await request.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.Equal("urn:p2pclinic:signaling:body-timeout", response.ProblemType);
        Assert.Equal("close", response.Headers["connection"]);
    }

    // --- presence ------------------------------------------------------------------------------------

    [Fact]
    public async Task Announce_ThenList_ShowsEveryPresentPeer_AndOnlyInThatRoom()
    {
        await using var server = await StartAsync();
        var (room, other) = (Ids.Room(), Ids.Room());
        var (a, b, c) = (Ids.Peer(), Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);
        await AnnounceAsync(server, other, c);

        Assert.Equal(new[] { a, b }.Order(), (await server.Client.ListPeerIdsAsync(room)).Order());
        Assert.Equal([c], await server.Client.ListPeerIdsAsync(other));
        Assert.Empty(await server.Client.ListPeerIdsAsync(Ids.Room()));
    }

    [Fact]
    public async Task Announce_ReturnsExpiryTwoMinutesAhead()
    {
        await using var server = await StartAsync();
        using var response = await server.Client.AnnounceAsync(Ids.Room(), Ids.Peer());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Time.GetUtcNow().AddMinutes(2), (await SignalingClient.JsonOf(response)).GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Presence_ExpiresTwoMinutesAfterTheLastAnnounce()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var peer = Ids.Peer();
        await AnnounceAsync(server, room, peer);

        Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal([peer], await server.Client.ListPeerIdsAsync(room));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await server.Client.ListPeerIdsAsync(room));
    }

    [Fact]
    public async Task Announce_Again_RefreshesPresence()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var peer = Ids.Peer();
        await AnnounceAsync(server, room, peer);
        Time.Advance(TimeSpan.FromSeconds(90));
        await AnnounceAsync(server, room, peer);
        Time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal([peer], await server.Client.ListPeerIdsAsync(room));
    }

    [Fact]
    public async Task Leave_RemovesThePeer_AndItsMailbox()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, a, b, Ids.Blob(10)));

        using var leave = await server.Client.LeaveAsync(room, b);
        await AnnounceAsync(server, room, b);

        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Empty(await server.Client.DrainMessagesAsync(room, b));
    }

    [Fact]
    public async Task Announce_InAFullRoom_Is409_ButAPresentPeerMayRefresh()
    {
        await using var server = await StartAsync(("Signaling:MaxPeersPerRoom", "2"));
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);

        using var third = await server.Client.AnnounceAsync(room, Ids.Peer());
        using var again = await server.Client.AnnounceAsync(room, a);

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:room-full", await ProblemTypeOf(third));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Announce_InAFullRoom_SucceedsOnceAPeerExpired()
    {
        await using var server = await StartAsync(("Signaling:MaxPeersPerRoom", "1"));
        var room = Ids.Room();
        await AnnounceAsync(server, room, Ids.Peer());
        Time.Advance(TimeSpan.FromMinutes(2));

        using var response = await server.Client.AnnounceAsync(room, Ids.Peer());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // --- mailboxes -----------------------------------------------------------------------------------

    [Fact]
    public async Task PostedSignals_AreDrainedOnce_InOrder_WithTheirSender()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b, c) = (Ids.Peer(), Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b, c);
        var signals = new[] { Ids.Blob(3000), Ids.Blob(200), Ids.Blob(1) };
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, a, b, signals[0]));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, c, b, signals[1]));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, a, b, signals[2]));

        var first = await server.Client.DrainMessagesAsync(room, b);
        var second = await server.Client.DrainMessagesAsync(room, b);

        Assert.Equal([(a, signals[0]), (c, signals[1]), (a, signals[2])], first);
        Assert.Empty(second);
        Assert.Empty(await server.Client.DrainMessagesAsync(room, a));
    }

    [Fact]
    public async Task Post_ToAPeerNotPresent_Is404()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var a = Ids.Peer();
        await AnnounceAsync(server, room, a);

        using var response = await server.Client.PostSignalAsync(room, Ids.Peer(), a, Ids.Blob(10));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:peer-not-present", await ProblemTypeOf(response));
    }

    [Fact]
    public async Task Post_FromAPeerNotPresent_Is404()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var b = Ids.Peer();
        await AnnounceAsync(server, room, b);

        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(server, room, Ids.Peer(), b, Ids.Blob(10)));
    }

    [Fact]
    public async Task Post_ToAPeerInAnotherRoom_Is404()
    {
        await using var server = await StartAsync();
        var (room, other) = (Ids.Room(), Ids.Room());
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a);
        await AnnounceAsync(server, other, b);

        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(server, room, a, b, Ids.Blob(10)));
    }

    [Fact]
    public async Task Post_ToAFullMailbox_Is409_AndNothingIsLost()
    {
        await using var server = await StartAsync(("Signaling:MaxMailboxMessages", "2"));
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);
        var (s1, s2) = (Ids.Blob(5), Ids.Blob(6));
        await PostAsync(server, room, a, b, s1);
        await PostAsync(server, room, a, b, s2);

        using var third = await server.Client.PostSignalAsync(room, b, a, Ids.Blob(7));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:mailbox-full", await ProblemTypeOf(third));
        Assert.Equal([(a, s1), (a, s2)], await server.Client.DrainMessagesAsync(room, b));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, a, b, Ids.Blob(8)));
    }

    [Fact]
    public async Task MailboxMessages_ExpireWithThePresenceTtl()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);
        var old = Ids.Blob(9);
        await PostAsync(server, room, a, b, old);
        Time.Advance(TimeSpan.FromSeconds(60));
        await AnnounceAsync(server, room, a, b);
        var fresh = Ids.Blob(9);
        await PostAsync(server, room, a, b, fresh);
        Time.Advance(TimeSpan.FromSeconds(60));
        await AnnounceAsync(server, room, b);

        Assert.Equal([(a, fresh)], await server.Client.DrainMessagesAsync(room, b));
    }

    [Fact]
    public async Task Drain_ByAPeerNotPresent_Is404()
    {
        await using var server = await StartAsync();

        using var response = await server.Client.DrainAsync(Ids.Room(), Ids.Peer());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:peer-not-present", await ProblemTypeOf(response));
    }

    [Fact]
    public async Task LongPoll_WaitingOnAnEmptyMailbox_ReturnsAsSoonAsASignalIsPosted()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);

        var poll = server.Client.DrainAsync(room, b, wait: 25);
        await server.WaitForParkedPollsAsync(1);
        var signal = Ids.Blob(500);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(server, room, a, b, signal));

        // Fake time never moved, so only the post can have ended the wait.
        using var response = await poll;
        Assert.Equal([(a, signal)], await SignalingClient.MessagesOf(response));
    }

    [Fact]
    public async Task LongPoll_WithoutAPost_ReturnsEmptyWhenTheWaitRunsOut()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var b = Ids.Peer();
        await AnnounceAsync(server, room, b);

        var poll = server.Client.DrainAsync(room, b, wait: 10);
        await server.WaitForParkedPollsAsync(1);
        Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(poll.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));

        using var response = await poll;
        Assert.Empty(await SignalingClient.MessagesOf(response));
        Assert.Equal(0, server.Store.WaitingPolls);
    }

    [Fact]
    public async Task LongPoll_WithoutAWaitParameter_WaitsTheServerMaximum()
    {
        await using var server = await StartAsync(("Signaling:MaxPollWait", "00:00:20"));
        var room = Ids.Room();
        var b = Ids.Peer();
        await AnnounceAsync(server, room, b);

        var poll = server.Client.DrainAsync(room, b, wait: null);
        await server.WaitForParkedPollsAsync(1);
        Time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(poll.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));

        using var response = await poll;
        Assert.Empty(await SignalingClient.MessagesOf(response));
    }

    [Fact]
    public async Task LongPoll_ClientGoingAway_StopsWaiting_AndLosesNoLaterSignal()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b);
        using var cancel = new CancellationTokenSource();

        var poll = server.Client.DrainAsync(room, b, wait: 25, cancel.Token);
        await server.WaitForParkedPollsAsync(1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (server.Store.WaitingPolls > 0)
        {
            await Task.Delay(5, timeout.Token);
        }

        var signal = Ids.Blob(12);
        await PostAsync(server, room, a, b, signal);
        Assert.Equal([(a, signal)], await server.Client.DrainMessagesAsync(room, b));
    }

    [Fact]
    public async Task LongPoll_SeveralPeersWaiting_EachWakesOnlyForItsOwnMailbox()
    {
        await using var server = await StartAsync();
        var room = Ids.Room();
        var (a, b, c) = (Ids.Peer(), Ids.Peer(), Ids.Peer());
        await AnnounceAsync(server, room, a, b, c);

        var pollB = server.Client.DrainAsync(room, b, wait: 25);
        var pollC = server.Client.DrainAsync(room, c, wait: 25);
        await server.WaitForParkedPollsAsync(2);
        var signal = Ids.Blob(40);
        await PostAsync(server, room, a, c, signal);

        using var responseC = await pollC;
        Assert.Equal([(a, signal)], await SignalingClient.MessagesOf(responseC));
        Assert.False(pollB.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(25));
        using var responseB = await pollB;
        Assert.Empty(await SignalingClient.MessagesOf(responseB));
    }
}
