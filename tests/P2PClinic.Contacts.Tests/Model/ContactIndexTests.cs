extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Search;

namespace P2PClinic.Contacts.Tests.Model;

public sealed class ContactIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContactIndex IndexOf(params Contact[] contacts)
    {
        var index = new ContactIndex();
        index.Reset(contacts);
        return index;
    }

    private static readonly Contact Muller = new()
    {
        Id = "1",
        DisplayName = "Jürgen Müller",
        FamilyName = "Müller",
        GivenName = "Jürgen",
        Emails = [new LabeledValue("work", "J.Mueller@Praxis.de")],
        Phones = [new LabeledValue("cell", "+49 (171) 123-4567")],
        Organization = "Praxis am See",
        Tags = ["Ärzte"],
        CreatedAt = T0,
        UpdatedAt = T0.AddDays(3),
    };

    private static readonly Contact Nunez = new()
    {
        Id = "2",
        DisplayName = "Ana Núñez",
        FamilyName = "Núñez",
        GivenName = "Ana",
        Organization = "Clínica Sol",
        Tags = ["colegas"],
        CreatedAt = T0.AddDays(1),
        UpdatedAt = T0.AddDays(1),
    };

    private static readonly Contact Strasse = new()
    {
        Id = "3",
        DisplayName = "Grete Straße",
        FamilyName = "Straße",
        Phones = [new LabeledValue("", "030 555 0199")],
        CreatedAt = T0.AddDays(2),
        UpdatedAt = T0.AddDays(2),
    };

    [Theory]
    [InlineData("muller", "1")]
    [InlineData("MÜLLER", "1")]
    [InlineData("jurgen mull", "1")]
    [InlineData("nunez", "2")]
    [InlineData("clinica", "2")]
    [InlineData("praxis.de", "1")]
    [InlineData("arzte", "1")]
    [InlineData("COLEGAS", "2")]
    [InlineData("strasse", "3")]
    [InlineData("1234567", "1")]
    [InlineData("171-123", "1")]
    [InlineData("5550199", "3")]
    public void SearchIgnoresCaseAndAccentsOverNameEmailPhoneOrganizationAndTags(string query, string expectedId)
    {
        var found = IndexOf(Muller, Nunez, Strasse).Search(query, 10);

        Assert.Equal([expectedId], found.Select(c => c.Id));
    }

    [Fact]
    public void EveryWordMustMatch()
    {
        Assert.Empty(IndexOf(Muller, Nunez).Search("muller clinica", 10));
    }

    [Fact]
    public void NamesStartingWithTheQueryComeFirst()
    {
        var anaAtMuller = new Contact { Id = "4", DisplayName = "Zoe Mullerova", Organization = "x" };
        var found = IndexOf(anaAtMuller, Muller with { DisplayName = "Müller Jürgen" }).Search("muller", 10);

        Assert.Equal(["1", "4"], found.Select(c => c.Id));
    }

    [Fact]
    public void SearchFollowsUpsertsAndRemovals()
    {
        var index = IndexOf(Muller);
        index.Upsert(Muller with { DisplayName = "Hans Schmidt", FamilyName = "Schmidt", GivenName = "Hans", Emails = [] });

        Assert.Empty(index.Search("muller", 10));
        Assert.Single(index.Search("schmidt", 10));

        index.Remove("1");
        Assert.Empty(index.Search("schmidt", 10));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void UidsAreFoundAndForgottenWithTheirContact()
    {
        var index = IndexOf(Muller with { Uid = "uid-1" });
        Assert.Equal("1", index.FindByUid("uid-1"));

        index.Upsert(Muller with { Uid = "uid-2" });
        Assert.Null(index.FindByUid("uid-1"));
        Assert.Equal("1", index.FindByUid("uid-2"));
    }

    [Fact]
    public void ListPagesThroughEveryContactOnceInNameOrder()
    {
        var contacts = Enumerable.Range(0, 25).Select(i => new Contact { Id = $"id{i:00}", DisplayName = $"Name {(char)('a' + (i * 7 % 25))}" }).ToArray();
        var index = IndexOf(contacts);
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = index.List(ContactSort.Name, false, 10, token);
            Assert.Equal(25, page.TotalCount);
            seen.AddRange(page.Contacts.Select(c => c.DisplayName));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(contacts.Select(c => c.DisplayName).Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public void AContactAddedBetweenPagesDoesNotShiftTheNextPage()
    {
        var index = IndexOf(Muller, Nunez, Strasse);
        var first = index.List(ContactSort.Name, false, 1, "");
        Assert.Equal("2", first.Contacts[0].Id);

        index.Upsert(new Contact { Id = "0", DisplayName = "Aaron" });
        var second = index.List(ContactSort.Name, false, 1, first.NextPageToken);

        Assert.Equal("3", second.Contacts[0].Id);
    }

    [Fact]
    public void ListSortsByCreatedAndUpdatedTimeInEitherDirection()
    {
        var index = IndexOf(Muller, Nunez, Strasse);

        Assert.Equal(["1", "2", "3"], index.List(ContactSort.CreatedAt, false, 10, "").Contacts.Select(c => c.Id));
        Assert.Equal(["1", "3", "2"], index.List(ContactSort.UpdatedAt, true, 10, "").Contacts.Select(c => c.Id));
        Assert.Equal(["1", "2", "3"], index.List(ContactSort.FamilyName, false, 10, "").Contacts.Select(c => c.Id));
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("AAAA")]
    public void APageTokenNotMadeByTheIndexIsRefused(string token)
    {
        var error = Assert.Throws<ContactValidationException>(() => IndexOf(Muller).List(ContactSort.Name, false, 10, token));

        Assert.Equal("page_token", error.Field);
    }

    [Fact]
    public void APageTokenOfAnotherSortIsRefused()
    {
        var index = IndexOf(Muller, Nunez);
        var token = index.List(ContactSort.Name, false, 1, "").NextPageToken;

        Assert.Throws<ContactValidationException>(() => index.List(ContactSort.CreatedAt, false, 1, token));
    }
}
