using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>A node with no org: the onboarding, through the web app the README's command starts.</summary>
public sealed class FirstRunTests(ClinicFixture fixture) : IClassFixture<ClinicFixture>
{
    [Fact]
    public async Task AFreshNodeOffersToCreateOrJoinAnOrgAndCreatingOneOpensTheContacts()
    {
        var page = await fixture.Browser.OpenAsync(fixture.Clinic.WebAddress);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create your first org" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join an existing org" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "onboarding");
        await ScreenChecks.AssertFitAndNamedAsync(page, "onboarding", phone: false);
        var phone = await fixture.Browser.OpenAsync(fixture.Clinic.WebAddress, width: 390, height: 844);
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Join an existing org" })).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(phone, "onboarding", phone: true);
        await phone.Context.CloseAsync();

        // Joining is real (SharingTests joins for good): a code nobody made is refused in words, not a stack trace.
        await page.GetByLabel("Share code").FillAsync("ABCD-EFGH");
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join org" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That share code is unknown, expired", new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Create org" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("org-switcher")).ToContainTextAsync("Personal");
        var orgs = await fixture.Clinic.CliAsync("org", "list", "--json");
        Assert.Contains("\"Personal\"", orgs.StandardOutput, StringComparison.Ordinal);
    }
}
