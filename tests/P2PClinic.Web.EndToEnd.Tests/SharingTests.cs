using System.Text.RegularExpressions;
using Microsoft.Playwright;
using P2PClinic.Testing;
using static Microsoft.Playwright.Assertions;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>
/// Two members, each with the README's command (the second node against the first one's signaling server, as the
/// README shows), each in a browser window of its own: one shares an org, the other joins it, and changes flow.
/// </summary>
public sealed partial class SharingTests
{
    private const string Password = "correct horse battery staple";

    // Joining meets the other node over WebRTC and derives keys: generous on a loaded machine, a hang guard only.
    private static readonly LocatorAssertionsToBeVisibleOptions Joined = new() { Timeout = 180_000 };

    // Once the node holds a change, the open page shows it within moments: a hang guard only.
    private static readonly LocatorAssertionsToBeVisibleOptions Live = new() { Timeout = 60_000 };

    [Fact]
    public async Task AnOrgSharedInOneWindowIsJoinedInAnotherAndContactsMadeOnEitherSideReachTheOther()
    {
        await using var first = await LaunchedClinic.StartAsync(NodeSettings("Ana"));
        await using var second = await LaunchedClinic.StartAsync([.. NodeSettings("Ben"), "--signaling-url", first.SignalingAddress.ToString()]);
        await using var browser = await Browser.LaunchAsync();
        Assert.Equal(0, (await first.CliAsync("org", "create", "Clinic", "--color", "#00838f")).ExitCode);

        // Ana shares the org: a short password is refused, the meter and the advice say why.
        var ana = await browser.OpenAsync(new Uri(first.WebAddress, "sharing"));
        await ana.GetByLabel("Org password").FillAsync("short");
        await Expect(ana.GetByTestId("password-strength")).ToHaveTextAsync("Too short");
        await Expect(ana.GetByText("At least 8 characters are needed")).ToBeVisibleAsync();
        await ana.GetByLabel("Org password").FillAsync("abcd1234");
        await Expect(ana.GetByText("12 or more characters are recommended")).ToBeVisibleAsync();
        await ana.GetByLabel("Org password").FillAsync(Password);
        await Expect(ana.GetByTestId("password-strength")).ToHaveTextAsync("Strong");
        await Expect(ana.GetByRole(AriaRole.Button, new() { Name = "Share this org" })).ToBeDisabledAsync();
        await ana.GetByLabel("Password again").FillAsync(Password);
        await Browser.ScreenshotAsync(ana, "sharing-password");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Share this org" }).ClickAsync();

        await ana.GetByRole(AriaRole.Button, new() { Name = "Create a share code" }).ClickAsync();
        var code = (await ana.GetByTestId("share-code").InnerTextAsync()).Trim();
        Assert.Matches(ShareCode(), code);
        await Expect(ana.GetByTestId("share-code-countdown")).ToContainTextAsync(Countdown());
        await Expect(ana.GetByTestId("no-peers")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(ana, "sharing-invite");

        // Ben, on a fresh node: onboarding's join. A code nobody made is refused in words.
        var ben = await browser.OpenAsync(second.WebAddress);
        await ben.GetByLabel("Share code").FillAsync("ABCD-EFGH");
        await ben.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await ben.GetByRole(AriaRole.Button, new() { Name = "Join org" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Alert)).ToContainTextAsync("unknown, expired", new() { Timeout = 60_000 });

        await ben.GetByLabel("Share code").FillAsync(code.ToLowerInvariant());
        await ben.GetByRole(AriaRole.Button, new() { Name = "Join org" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync(Joined);
        await Expect(ben.GetByTestId("org-switcher")).ToContainTextAsync("Clinic");

        // Ana sees Ben connected, live.
        await Expect(ana.GetByTestId("peer").Filter(new() { HasText = "Ben" }).First).ToBeVisibleAsync(Joined);
        await Browser.ScreenshotAsync(ana, "sharing-members");

        // A contact Ben makes in his window appears in Ana's open list, and one Ana adds (with the CLI) in Ben's.
        await ana.GotoAsync(new Uri(first.WebAddress, "contacts").ToString());
        await ben.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await ben.GetByLabel("Display name").FillAsync("Made by Ben");
        await ben.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // Live, without a reload: the node holding the contact first tells a sync failure from a page that does not
        // follow. Ana's page opened its change feed before her node's contact index (the org's first list call opens
        // it); the feed used to announce a merged contact before the index held it, and the list stayed without it.
        await WaitUntilNodeHoldsAsync(first, "Made by Ben");
        await ExpectSyncedAsync(WebAppTests.Row(ana, "Made by Ben"), first, second, ana);
        Assert.Equal(0, (await first.CliAsync("contact", "add", "Made by Ana", "--in", "Clinic")).ExitCode);
        await WaitUntilNodeHoldsAsync(second, "Made by Ana");
        await ExpectSyncedAsync(WebAppTests.Row(ben, "Made by Ana"), first, second, ben);

        // Ben leaves: the confirmation says plainly what is deleted and what the others keep.
        await ben.GotoAsync(new Uri(second.WebAddress, "sharing").ToString());
        await ben.GetByRole(AriaRole.Button, new() { Name = "Leave this org…" }).ClickAsync();
        var confirmation = ben.GetByTestId("leave-confirmation");
        await Expect(confirmation).ToContainTextAsync("deletes the local copy of Clinic");
        await Expect(confirmation).ToContainTextAsync("The other members keep their copies");
        await Browser.ScreenshotAsync(ben, "sharing-leave");
        await ben.GetByRole(AriaRole.Button, new() { Name = "Leave and delete the local copy" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Join an existing org" })).ToBeVisibleAsync();
        var left = await second.CliAsync("org", "list", "--json");
        Assert.DoesNotContain("\"Clinic\"", left.StandardOutput, StringComparison.Ordinal);
        var kept = await first.CliAsync("contact", "search", "Made by Ben", "--in", "Clinic", "--json");
        Assert.Contains("Made by Ben", kept.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Waits (a hang guard, not a speed requirement) until <paramref name="clinic"/>'s node lists the contact.</summary>
    private static Task WaitUntilNodeHoldsAsync(LaunchedClinic clinic, string name) =>
        Eventually.WaitUntilAsync(
            async () => (await clinic.CliAsync("contact", "list", "--in", "Clinic")).StandardOutput.Contains(name, StringComparison.Ordinal),
            $"'{name}' reaching the node at {clinic.NodeAddress}",
            TimeSpan.FromMinutes(3),
            maxInterval: TimeSpan.FromSeconds(1));

    /// <summary>Waits for a synced row in an open page; a failure says what the page and each node hold and see.</summary>
    private static async Task ExpectSyncedAsync(ILocator row, LaunchedClinic first, LaunchedClinic second, IPage page)
    {
        try
        {
            await Expect(row).ToBeVisibleAsync(Live);
        }
        catch (PlaywrightException e)
        {
            var report = new List<string> { "page: " + await page.Locator(".contact-list").InnerHTMLAsync() };
            foreach (var (name, clinic) in new[] { ("first", first), ("second", second) })
            {
                report.Add($"{name} contacts: {(await clinic.CliAsync("contact", "list", "--in", "Clinic")).StandardOutput}");
                report.Add($"{name} peers: {(await clinic.CliAsync("org", "peers", "Clinic")).StandardOutput}");
                report.Add($"{name} output: {clinic.Output[^Math.Min(6000, clinic.Output.Length)..]}");
            }

            throw new Xunit.Sdk.XunitException($"{e.Message}\n{string.Join("\n", report)}");
        }
    }

    /// <summary>
    /// Node settings for a test member: WebRTC candidates on loopback only (tests send traffic nowhere else), the
    /// member's name, and the lowest key derivation cost the node accepts (the default is for real passwords).
    /// </summary>
    private static string[] NodeSettings(string member) =>
    [
        "--set", "Plugins:p2pclinic.sync-webrtc:LoopbackOnly=true",
        "--set", "Plugins:p2pclinic.sync-webrtc:PresencePollInterval=00:00:01",
        "--set", $"Sync:DisplayName={member}",
        "--set", "Sync:KeyIterations=100000",
    ];

    [GeneratedRegex("^[A-Z0-9]{4}-[A-Z0-9]{4}$")]
    private static partial Regex ShareCode();

    [GeneratedRegex(@"Works once, for [45]:\d\d more")]
    private static partial Regex Countdown();
}
