using Bunit;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2PClinic.Web.Components.Contacts;
using P2PClinic.Web.Components.Orgs;
using P2PClinic.Web.Components.Shared;
using P2PClinic.Web.Components.Sharing;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Tests;

/// <summary>Components rendered with bUnit: what a person sees and can do, without a node.</summary>
public sealed class ComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public ComponentTests()
    {
        _context.Services.AddSingleton(new NodeApi(Options.Create(new WebNodeOptions { Address = new Uri("http://127.0.0.1:5080") })));
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<NodeLink>();
    }

    [Fact]
    public void JoinFormWithAMalformedCodeSaysWhatACodeLooksLikeWithoutAskingTheNode()
    {
        // The NodeApi here points at nothing: a call would fail with "does not answer", not this sentence.
        var form = _context.Render<JoinForm>();
        form.Find("input[id$=-code]").Input("ABC-12");
        form.Find("input[type=password]").Input("correct horse battery staple");

        form.Find("form").Submit();

        Assert.Contains("A share code has 8 letters and digits, like ABCD-EFGH; this one has 5.", form.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SharePasswordFormRefusesAShortPasswordAndDifferingRepeats()
    {
        string? shared = null;
        var form = _context.Render<SharePasswordForm>(p => p.Add(f => f.OnShare, password => { shared = password; return Task.CompletedTask; }));
        var submit = () => form.Find("button[type=submit]");

        form.Find("#share-password").Input("short");
        Assert.Equal("Too short", form.Find("[data-testid=password-strength]").TextContent);
        Assert.True(submit().HasAttribute("disabled"));

        form.Find("#share-password").Input("correct horse battery staple");
        form.Find("#share-password-again").Input("correct horse battery stapel");
        Assert.True(submit().HasAttribute("disabled"));
        Assert.Contains("The two passwords differ", form.Markup, StringComparison.Ordinal);

        form.Find("#share-password-again").Input("correct horse battery staple");
        form.Find("form").Submit();
        Assert.Equal("correct horse battery staple", shared);
    }

    [Fact]
    public void LeaveOrgSaysTheLocalCopyIsDeletedAndTheOthersKeepTheirsBeforeLeaving()
    {
        var left = false;
        var leave = _context.Render<LeaveOrg>(p => p
            .Add(f => f.OrgName, "Clinic")
            .Add(f => f.Shared, true)
            .Add(f => f.OnLeave, () => { left = true; return Task.CompletedTask; }));

        leave.FindAll("button").Single(b => b.TextContent == "Leave this org…").Click();
        Assert.False(left);
        var text = leave.Find("[data-testid=leave-confirmation]").TextContent;
        Assert.Contains("This deletes the local copy of Clinic from this computer", text, StringComparison.Ordinal);
        Assert.Contains("The other members keep their copies", text, StringComparison.Ordinal);

        leave.FindAll("button").Single(b => b.TextContent == "Leave and delete the local copy").Click();
        Assert.True(left);
    }

    [Fact]
    public void OrgFormShowsTheNodesRefusalAsASentenceNotAnException()
    {
        var form = _context.Render<OrgForm>(p => p
            .Add(f => f.Name, "Personal")
            .Add(f => f.OnSubmit, (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, "name: is longer than 200 characters"))));

        form.Find("form").Submit();

        var error = form.Find("[role=alert]").TextContent;
        Assert.Equal("Name: is longer than 200 characters.", error);
    }

    [Fact]
    public void OrgFormHandsOverTheTrimmedNameAndTheChosenColor()
    {
        (string Name, string Color)? submitted = null;
        var form = _context.Render<OrgForm>(p => p
            .Add(f => f.OnSubmit, (name, color) => { submitted = (name, color); return Task.CompletedTask; }));

        form.Find("input[type=text], input:not([type])").Input("  Acme Corp  ");
        form.FindAll("input[type=radio]")[2].Change(OrgForm.Palette[2]);
        form.Find("form").Submit();

        Assert.Equal(("Acme Corp", OrgForm.Palette[2]), submitted);
    }

    [Fact]
    public void OrgFormCannotBeSubmittedWithoutAName()
    {
        var form = _context.Render<OrgForm>(p => p.Add(f => f.Name, "").Add(f => f.OnSubmit, (_, _) => Task.CompletedTask));

        Assert.True(form.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void ContactFormAsksForConfirmationBeforeDeleting()
    {
        var deleted = false;
        var form = _context.Render<ContactForm>(p => p
            .Add(f => f.Draft, new ContactDraft { Id = "0123456789abcdef0123456789abcdef", DisplayName = "Ada" })
            .Add(f => f.OnSave, _ => Task.CompletedTask)
            .Add(f => f.OnDelete, _ => { deleted = true; return Task.CompletedTask; }));

        form.FindAll("button").Single(b => b.TextContent == "Delete…").Click();
        Assert.False(deleted);
        form.FindAll("button").Single(b => b.TextContent == "Delete for good").Click();

        Assert.True(deleted);
    }

    [Fact]
    public void ContactFormLabelsEveryInput()
    {
        var form = _context.Render<ContactForm>(p => p
            .Add(f => f.Draft, new ContactDraft())
            .Add(f => f.OnSave, _ => Task.CompletedTask));

        var labelled = form.FindAll("label[for]").Select(l => l.GetAttribute("for")).ToHashSet();
        foreach (var input in form.FindAll("input, textarea, select"))
        {
            Assert.Contains(input.Id, labelled);
        }
    }

    [Fact]
    public void FileImportLetsAFileBeChosenOnlyOnceTheBrowserHasRunTheInputsOwnSetup()
    {
        var setup = _context.JSInterop.SetupVoid("Blazor._internal.InputFile.init");
        var roundTrip = _context.JSInterop.SetupVoid("p2pclinic.roundTrip");
        var import = _context.Render<FileImport>(p => p
            .Add(f => f.Label, "Import vCard")
            .Add(f => f.Import, (_, _) => NoProgress()));
        var input = () => import.Find("input[type=file]");

        // Until the browser answered a call sent after InputFile's own setup, a chosen file would be dropped unseen.
        import.WaitForAssertion(() => Assert.Single(roundTrip.Invocations));
        Assert.True(input().HasAttribute("disabled"));
        Assert.Equal(["Blazor._internal.InputFile.init", "p2pclinic.roundTrip"], _context.JSInterop.Invocations.Select(i => i.Identifier));
        setup.SetVoidResult();

        roundTrip.SetVoidResult();

        import.WaitForAssertion(() => Assert.False(input().HasAttribute("disabled")));
        Assert.Equal("Import vCard", import.Find($"label[for={input().Id}]").TextContent);
    }

    private static async IAsyncEnumerable<ImportProgress> NoProgress()
    {
        await Task.CompletedTask;
        yield break;
    }

    public void Dispose() => _context.Dispose();
}
