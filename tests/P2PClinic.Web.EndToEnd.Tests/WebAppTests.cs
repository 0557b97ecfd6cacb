using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>The main screens in a real browser, against the real node the launcher started.</summary>
public sealed partial class WebAppTests(OrgFixture fixture) : IClassFixture<OrgFixture>
{
    private LaunchedClinic Clinic => fixture.Clinic;

    [Fact]
    public async Task AContactIsCreatedFoundBySearchAndEdited()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("Display name").FillAsync("Grace Hopper");
        await page.GetByLabel("Email 1", new() { Exact = true }).FillAsync("grace@example.org");
        await page.GetByLabel("Organization").FillAsync("Navy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Row(page, "Grace Hopper")).ToBeVisibleAsync();

        await page.GetByLabel("Search contacts").FillAsync("grace@exa");
        await Expect(page.GetByTestId("contact-row")).ToHaveCountAsync(1);
        await Expect(Row(page, "Grace Hopper")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "contacts");

        await page.GetByRole(AriaRole.Button, new() { Name = "Grace Hopper" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "contact-edit");
        await page.GetByLabel("Display name").FillAsync("Rear Admiral Grace Hopper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByLabel("Search contacts").FillAsync("admiral");
        await Expect(Row(page, "Rear Admiral Grace Hopper")).ToBeVisibleAsync();

        var shown = await Clinic.CliAsync("contact", "search", "Admiral", "--json");
        Assert.Contains("Rear Admiral Grace Hopper", shown.StandardOutput, StringComparison.Ordinal);
    }

    // Once flaky (1 of 3 full runs: no progress ever appeared): Blazor's InputFile listens to the file input only once
    // its first call to the browser ran, and a file chosen before that was dropped without a trace. The test now plays
    // the loaded machine on purpose (the circuit's messages from that call on are held for a few seconds, while the
    // input is already on screen) and chooses the file as soon as the input lets it.
    [Fact]
    public async Task AVcardFileChosenAsSoonAsThePageAllowsIsImportedWithProgressEvenOnASlowCircuit()
    {
        var file = Path.Combine(Clinic.DataDirectory, "..", $"import-{Guid.NewGuid():N}.vcf");
        var cards = new StringBuilder();
        for (var i = 1; i <= 300; i++)
        {
            cards.Append(CultureInfo.InvariantCulture, $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Imported Person {i:000}\r\nEMAIL:person{i}@import.example\r\nEND:VCARD\r\n");
        }

        await File.WriteAllTextAsync(file, cards.ToString());
        try
        {
            var slow = new HeldCircuit("Blazor._internal.InputFile.init", TimeSpan.FromSeconds(4));
            var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"), beforeLoad: slow.RouteAsync);
            await slow.Held.WaitAsync(TimeSpan.FromSeconds(60));
            var input = page.GetByLabel("Import vCard");
            await Expect(input).ToBeEnabledAsync();
            await input.SetInputFilesAsync(file);

            await Expect(page.GetByTestId("import-progress")).ToContainTextAsync("Imported 300 of 300: 300 new");
            await page.GetByLabel("Search contacts").FillAsync("Imported Person 150");
            await Expect(Row(page, "Imported Person 150")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnEventDraggedInTheWeekViewRepeatsWeeklyInTheMonthView()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "calendar"));
        // The week view opens on this week; drag from 10:00 to the slot of 11:30 on its Wednesday.
        var first = page.Locator("[data-slot-start$='T10:00:00']").Nth(2);
        await Expect(first).ToBeVisibleAsync();
        var day = await first.GetAttributeAsync("data-slot-day");
        var last = page.Locator($"[data-slot-start='{day}T11:30:00']");
        await first.HoverAsync();
        await page.Mouse.DownAsync();
        await last.HoverAsync();
        await page.Mouse.UpAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Starts")).ToHaveValueAsync($"{day}T10:00");
        await Expect(page.GetByLabel("Ends")).ToHaveValueAsync($"{day}T12:00");
        await page.GetByLabel("Title").FillAsync("Weekly planning");
        await page.GetByLabel("Repeats").SelectOptionAsync("Weekly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("event").Filter(new() { HasText = "Weekly planning" })).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "calendar-week");

        await page.GetByRole(AriaRole.Button, new() { Name = "Month" }).ClickAsync();
        // A month view spans at least four weeks: the series shows once in each.
        var repeats = page.GetByTestId("event").Filter(new() { HasText = "Weekly planning" });
        await Expect(repeats.Nth(3)).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "calendar-month");

        var events = await Clinic.CliAsync("event", "list", "--json");
        Assert.Contains("Weekly planning", events.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraggingOneOccurrenceOfASeriesAsksAndMovesOnlyThatOccurrence()
    {
        var title = $"Review {Guid.NewGuid().ToString("N")[..6]}";
        var (monday, _) = ThisWeekInParis();
        var wednesday = monday.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var thursday = monday.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var added = await Clinic.CliAsync("event", "add", title, "--in", "Clinic", "--start", $"{wednesday} 10:00", "--duration", "1h", "--tz", "Europe/Paris", "--rrule", "FREQ=WEEKLY;COUNT=10", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());
        var seriesId = JsonId().Match(added.StandardOutput).Groups["id"].Value;

        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "calendar"));
        var occurrence = page.GetByTestId("event").Filter(new() { HasText = title });
        await Expect(occurrence).ToHaveCountAsync(1);
        // The scheduler redraws when the page reloads (its change feed opening, right after the page opened) and a
        // redraw drops a drag in progress: drag again while no question came (a person would too).
        var question = page.GetByTestId("move-choice");
        for (var attempt = 0; attempt < 3 && await question.CountAsync() == 0; attempt++)
        {
            await occurrence.DragToAsync(page.Locator($"[data-slot-start='{thursday}T14:00:00']"));
            try
            {
                await question.WaitForAsync(new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // Not asked yet: the drag was dropped.
            }
        }

        await Expect(question).ToContainTextAsync($"{title} repeats");
        await Browser.ScreenshotAsync(page, "calendar-move-occurrence");
        await page.GetByRole(AriaRole.Button, new() { Name = "Only this occurrence" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // The series left this Wednesday out and kept its time; the moved occurrence is an event of its own.
        var series = await Clinic.CliAsync("event", "show", seriesId, "--in", "Clinic", "--json");
        using (var shown = JsonDocument.Parse(series.StandardOutput))
        {
            Assert.Equal([$"{wednesday}T10:00:00"], shown.RootElement.GetProperty("exdates").EnumerateArray().Select(d => d.GetString()));
        }

        var week = await Clinic.CliAsync("event", "list", "--in", "Clinic", "--json",
            "--from", monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--to", monday.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        using (var listed = JsonDocument.Parse(week.StandardOutput))
        {
            var starts = listed.RootElement.GetProperty("occurrences").EnumerateArray()
                .Where(o => o.GetProperty("title").GetString() == title)
                .Select(o => o.GetProperty("localStart").GetString());
            // Where on Thursday depends on where the drop lands in the slot's height (14:00 or the slot below it).
            Assert.StartsWith($"{thursday}T1", Assert.Single(starts), StringComparison.Ordinal);
        }

        await Expect(occurrence).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Month" }).ClickAsync();
        await Expect(occurrence.Nth(3)).ToBeVisibleAsync();
    }

    /// <summary>Monday of this week in the browser's zone (en-GB weeks start on Monday) and today.</summary>
    private static (DateOnly Monday, DateOnly Today) ThisWeekInParis()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime);
        return (today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), today);
    }

    [Fact]
    public async Task ADueReminderAppearsInThePageAndDismissingItClearsItOnTheNode()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();
        var title = $"Call the lab {Guid.NewGuid().ToString("N")[..6]}";
        var added = await Clinic.CliAsync("event", "add", title, "--start", "+10m", "--duration", "30m", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());
        var eventId = JsonId().Match(added.StandardOutput).Groups["id"].Value;
        // Fifteen minutes before an event ten minutes away: due at once.
        var reminder = await Clinic.CliAsync("reminder", "add", "--event", eventId, "--before", "15m");
        Assert.True(reminder.ExitCode == 0, reminder.ToString());

        var notification = page.GetByTestId("reminder").Filter(new() { HasText = title });
        await Expect(notification).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "reminder");
        await notification.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();

        await Expect(notification).ToHaveCountAsync(0);
        // The node recorded the dismissal: the reminder has no occurrence due any more.
        var list = await Clinic.CliAsync("reminder", "list", "--event", eventId, "--json");
        var compact = string.Concat(list.StandardOutput.Where(c => !char.IsWhiteSpace(c)));
        Assert.True(compact.Contains("\"due\":[]", StringComparison.Ordinal), list.ToString());
    }

    [Fact]
    public async Task SwitchingOrgsShowsEachOrgsOwnContacts()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await Expect(page.GetByTestId("org-switcher")).ToContainTextAsync("Clinic");
        var name = $"Clinic patient {Guid.NewGuid().ToString("N")[..6]}";
        Assert.Equal(0, (await Clinic.CliAsync("contact", "add", name, "--in", "Clinic")).ExitCode);
        await page.GetByLabel("Search contacts").FillAsync(name);
        await Expect(Row(page, name)).ToBeVisibleAsync();

        await page.GetByTestId("org-switcher").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New org…" }).ClickAsync();
        var orgName = $"Family {Guid.NewGuid().ToString("N")[..4]}";
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Name").FillAsync(orgName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create org" }).ClickAsync();

        await Expect(page.GetByTestId("org-switcher")).ToContainTextAsync(orgName);
        await Expect(page.GetByTestId("contact-row")).ToHaveCountAsync(0);
        await page.GetByTestId("org-switcher").ClickAsync();
        await Browser.ScreenshotAsync(page, "org-switcher");
        await page.Locator("#org-menu").GetByRole(AriaRole.Button, new() { Name = "Clinic" }).ClickAsync();
        await Expect(page.GetByTestId("org-switcher")).ToContainTextAsync("Clinic");
        await Expect(Row(page, name)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AContactAddedWithTheCliAppearsInAnOpenPageWithoutReloading()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        var name = $"Zz Live {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Search contacts").FillAsync(name);
        await Expect(page.GetByText($"No contact matches \"{name}\".")).ToBeVisibleAsync();

        var added = await Clinic.CliAsync("contact", "add", name, "--in", "Clinic");
        Assert.True(added.ExitCode == 0, added.ToString());

        await Expect(Row(page, name)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TenContactsAddedWithTheCliAtRandomMomentsSomeWhileThePageOpensAllAppearWithoutReloading()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        // Names that sort first, so the unfiltered list (the one the page loads while they arrive) shows all ten.
        var commands = Enumerable.Range(1, 10).Select(i => new[] { "contact", "add", $"0 Burst {tag} {i:00}", "--in", "Clinic" }).ToList();

        await AddAtRandomMomentsAsync(
            commands,
            fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"), height: 1400),
            page => Expect(page.GetByTestId("contact-row").Filter(new() { HasText = $"0 Burst {tag}" })).ToHaveCountAsync(10));
    }

    [Fact]
    public async Task TenEventsAddedWithTheCliAtRandomMomentsSomeWhileThePageOpensAllAppearWithoutReloading()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        // The Wednesday of the week the page opens on.
        var wednesday = ThisWeekInParis().Monday.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var commands = Enumerable.Range(1, 10)
            .Select(i => new[] { "event", "add", $"Burst {tag} {i:00}", "--in", "Clinic", "--start", $"{wednesday} {7 + i:00}:00", "--duration", "30m", "--tz", "Europe/Paris" })
            .ToList();

        await AddAtRandomMomentsAsync(
            commands,
            fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "calendar")),
            page => Expect(page.GetByTestId("event").Filter(new() { HasText = $"Burst {tag}" })).ToHaveCountAsync(10));
    }

    /// <summary>
    /// Runs <paramref name="commands"/> with the CLI at random moments (the seed is in a failure's message): the first
    /// four within the first two seconds, while the page opens (its org read, its first load and its change feed
    /// starting in any order), the rest over the next eight; then checks the page with <paramref name="expect"/>.
    /// </summary>
    private async Task AddAtRandomMomentsAsync(IReadOnlyList<string[]> commands, Task<IPage> opening, Func<IPage, Task> expect)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var offsets = commands.Select((_, i) => TimeSpan.FromMilliseconds(i < 4 ? random.Next(0, 2000) : random.Next(2000, 10_000))).ToList();
        var runs = commands.Select(async (command, i) =>
        {
            await Task.Delay(offsets[i]);
            var result = await Clinic.CliAsync(command);
            Assert.True(result.ExitCode == 0, $"seed {seed}: {result}");
        });
        await Task.WhenAll(runs);
        var page = await opening;
        try
        {
            await expect(page);
        }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed} (offsets {string.Join(", ", offsets.Select(o => (int)o.TotalMilliseconds))} ms): {e.Message}");
        }
    }

    [Fact]
    public async Task ThePageSaysItLostTheNodeWhileItRestartsAndFollowsChangesAgainAfter()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();

        using (var node = Clinic.NodeProcess())
        {
            node.Kill();
        }

        await Expect(page.GetByTestId("node-lost")).ToContainTextAsync("Lost the node, reconnecting");
        await Browser.ScreenshotAsync(page, "node-lost");
        await Clinic.WaitForLineAsync(Restarted());
        await Expect(page.GetByTestId("node-lost")).ToHaveCountAsync(0, new() { Timeout = 60_000 });

        var name = $"Zz After restart {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Search contacts").FillAsync(name);
        Assert.Equal(0, (await Clinic.CliAsync("contact", "add", name, "--in", "Clinic")).ExitCode);
        await Expect(Row(page, name)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AtPhoneWidthTheContactsFitTheScreen()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"), width: 375, height: 740);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();

        // The message names what sticks out, so a failure says which element to fix.
        var overflow = await ScreenChecks.SidewaysOverflowAsync(page);
        Assert.True(overflow.Length == 0, $"the page scrolls sideways at phone width: {overflow}");
        await Browser.ScreenshotAsync(page, "contacts-phone");
    }

    /// <summary>The contact list's row whose name button is <paramref name="name"/>.</summary>
    internal static ILocator Row(IPage page, string name) =>
        page.GetByTestId("contact-row").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }) });

    [GeneratedRegex("\"id\"\\s*:\\s*\"(?<id>[0-9a-f]{32})\"")]
    private static partial Regex JsonId();

    [GeneratedRegex("^P2PCLINIC-RESTARTED node")]
    private static partial Regex Restarted();
}
