using Bunit;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2PClinic.Web.Components.Contacts;
using P2PClinic.Web.Components.Orgs;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Tests;

/// <summary>Components rendered with bUnit: what a person sees and can do, without a node.</summary>
public sealed class ComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public ComponentTests()
    {
        _context.Services.AddSingleton(new NodeApi(Options.Create(new WebNodeOptions { Address = new Uri("http://127.0.0.1:5080") })));
    }

    [Fact]
    public void JoinForm_without_a_sync_api_says_sharing_is_not_available()
    {
        var form = _context.Render<JoinForm>();
        Assert.Empty(form.FindAll("[data-testid=join-unavailable]"));

        form.Find("form").Submit();

        Assert.Contains("Sharing is not available on this node", form.Find("[data-testid=join-unavailable]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OrgForm_shows_the_nodes_refusal_as_a_sentence_not_an_exception()
    {
        var form = _context.Render<OrgForm>(p => p
            .Add(f => f.Name, "Personal")
            .Add(f => f.OnSubmit, (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, "name: is longer than 200 characters"))));

        form.Find("form").Submit();

        var error = form.Find("[role=alert]").TextContent;
        Assert.Equal("Name: is longer than 200 characters.", error);
    }

    [Fact]
    public void OrgForm_hands_over_the_trimmed_name_and_the_chosen_color()
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
    public void OrgForm_cannot_be_submitted_without_a_name()
    {
        var form = _context.Render<OrgForm>(p => p.Add(f => f.Name, "").Add(f => f.OnSubmit, (_, _) => Task.CompletedTask));

        Assert.True(form.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void ContactForm_asks_for_confirmation_before_deleting()
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
    public void ContactForm_labels_every_input()
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

    public void Dispose() => _context.Dispose();
}
