using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Contacts.Tests.Node;

/// <summary>The ContactService through native gRPC of a real node with the contacts plugin loaded.</summary>
public sealed class ContactServiceTests(ContactNodeFixture fixture) : IClassFixture<ContactNodeFixture>
{
    private ContactService.ContactServiceClient Contacts => fixture.Contacts;

    private static Contact Ada() => new()
    {
        DisplayName = "Ada Lovelace",
        GivenName = "Ada",
        FamilyName = "Lovelace",
        Emails = { new LabeledValue { Label = "home", Value = "ada@example.org" } },
        Phones = { new LabeledValue { Label = "cell", Value = "+44 20 7946 0000" } },
        Organization = "Analytical Engines",
        Birthday = "1815-12-10",
        Tags = { "math" },
    };

    private async Task<(string Org, Contact Contact)> CreatedAsync(Contact? contact = null)
    {
        var org = await fixture.NewOrgAsync();
        var created = await Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = contact ?? Ada() });
        return (org, created);
    }

    private static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    [Fact]
    public async Task CreateThenGetReturnsEveryFieldWithAnIdAndTimes()
    {
        var (org, created) = await CreatedAsync();

        var got = await Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id });

        Assert.Matches("^[0-9a-f]{32}$", created.Id);
        Assert.NotNull(created.CreatedAt);
        Assert.Equal(created, got);
        Assert.Equal("1815-12-10", got.Birthday);
        Assert.Equal("ada@example.org", got.Emails.Single().Value);
    }

    [Fact]
    public async Task UpdateChangesOnlyTheFieldsInTheMask()
    {
        var (org, created) = await CreatedAsync();

        var updated = await Contacts.UpdateContactAsync(new UpdateContactRequest
        {
            OrgId = org,
            Contact = new Contact { Id = created.Id, Note = "met at the Royal Society", DisplayName = "not in the mask" },
            UpdateMask = FieldMask.FromString("note"),
        });

        Assert.Equal("met at the Royal Society", updated.Note);
        Assert.Equal("Ada Lovelace", updated.DisplayName);
        Assert.Equal(created.Emails, updated.Emails);
        Assert.True(updated.UpdatedAt.ToDateTimeOffset() >= created.UpdatedAt.ToDateTimeOffset());
        Assert.Equal(updated, await Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id }));
    }

    [Fact]
    public async Task UpdateWithAMaskFieldLeftEmptyClearsIt()
    {
        var (org, created) = await CreatedAsync();

        var updated = await Contacts.UpdateContactAsync(new UpdateContactRequest
        {
            OrgId = org,
            Contact = new Contact { Id = created.Id },
            UpdateMask = FieldMask.FromStringEnumerable<Contact>(["phones", "birthday"]),
        });

        Assert.Empty(updated.Phones);
        Assert.Equal("", updated.Birthday);
        Assert.Single(updated.Emails);
    }

    [Fact]
    public async Task BadFieldsAreInvalidArgumentNamingTheField()
    {
        var org = await fixture.NewOrgAsync();
        var badEmail = Ada();
        badEmail.Emails.Add(new LabeledValue { Value = "not-an-email" });

        var email = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = badEmail }).ResponseAsync);
        var empty = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { Note = "just a note" } }).ResponseAsync);
        var oversized = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = new string('x', 257) } }).ResponseAsync);
        var birthday = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = "X", Birthday = "31/12/1999" } }).ResponseAsync);
        var badOrg = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.ListContactsAsync(new ListContactsRequest { OrgId = "nope" }).ResponseAsync);

        Assert.StartsWith("emails[1].value: 'not-an-email' is not an email address", email.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("contact:", empty.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("display_name: 257 characters", oversized.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("birthday:", birthday.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("org_id:", badOrg.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).TotalSize);
    }

    [Fact]
    public async Task UpdateWithoutAMaskOrWithAnUnknownPathIsInvalidArgument()
    {
        var (org, created) = await CreatedAsync();

        var none = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = new Contact { Id = created.Id, Note = "x" } }).ResponseAsync);
        var unknown = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = new Contact { Id = created.Id }, UpdateMask = FieldMask.FromString("created_at") }).ResponseAsync);
        var invalid = await FailsAsync(StatusCode.InvalidArgument, () => Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = new Contact { Id = created.Id, Emails = { new LabeledValue { Value = "a@@b" } } }, UpdateMask = FieldMask.FromString("emails") }).ResponseAsync);

        Assert.StartsWith("update_mask:", none.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("update_mask: 'created_at'", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("emails[0].value:", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(created.Emails, (await Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id })).Emails);
    }

    [Fact]
    public async Task UnknownContactsAndOrgsAreNotFound()
    {
        var org = await fixture.NewOrgAsync();
        const string missing = "0123456789abcdef0123456789abcdef";

        await FailsAsync(StatusCode.NotFound, () => Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = missing }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = new Contact { Id = missing }, UpdateMask = FieldMask.FromString("note") }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Contacts.DeleteContactAsync(new DeleteContactRequest { OrgId = org, Id = missing }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Contacts.ListContactsAsync(new ListContactsRequest { OrgId = Guid.NewGuid().ToString("N") }).ResponseAsync);
    }

    [Fact]
    public async Task DeleteRemovesTheContactFromGetListAndSearch()
    {
        var (org, created) = await CreatedAsync();

        await Contacts.DeleteContactAsync(new DeleteContactRequest { OrgId = org, Id = created.Id });

        await FailsAsync(StatusCode.NotFound, () => Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id }).ResponseAsync);
        Assert.Empty((await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).Contacts);
        Assert.Empty((await Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "ada" })).Contacts);
    }

    [Fact]
    public async Task ListPagesInTheSortOrderAskedFor()
    {
        var org = await fixture.NewOrgAsync();
        foreach (var name in new[] { "Émile Zola", "anna Karenina", "Boris Godunov", "Carmen", "Dorian Gray" })
        {
            await Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = name } });
        }

        var names = new List<string>();
        var token = "";
        do
        {
            var page = await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 2, PageToken = token });
            Assert.Equal(5, page.TotalSize);
            Assert.True(page.Contacts.Count <= 2);
            names.AddRange(page.Contacts.Select(c => c.DisplayName));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var newestFirst = await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, Sort = ContactSort.CreatedAt, Descending = true });

        Assert.Equal(["anna Karenina", "Boris Godunov", "Carmen", "Dorian Gray", "Émile Zola"], names);
        Assert.Equal("Dorian Gray", newestFirst.Contacts[0].DisplayName);
        await FailsAsync(StatusCode.InvalidArgument, () => Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 5000 }).ResponseAsync);
        await FailsAsync(StatusCode.InvalidArgument, () => Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageToken = "bogus" }).ResponseAsync);
    }

    [Fact]
    public async Task SearchIsCaseAndAccentInsensitiveAndFollowsUpdates()
    {
        var (org, created) = await CreatedAsync(new Contact { DisplayName = "Jürgen Müller", Phones = { new LabeledValue { Value = "+49 (171) 123-4567" } } });

        var byName = await Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "MULLER" });
        var byPhone = await Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "1234567" });
        await Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = new Contact { Id = created.Id, Tags = { "Kardiologie" } }, UpdateMask = FieldMask.FromString("tags") });
        var byTag = await Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "kardio" });

        Assert.Equal(created.Id, byName.Contacts.Single().Id);
        Assert.Equal(created.Id, byPhone.Contacts.Single().Id);
        Assert.Equal(created.Id, byTag.Contacts.Single().Id);
        await FailsAsync(StatusCode.InvalidArgument, () => Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "  " }).ResponseAsync);
    }

    [Fact]
    public async Task ImportReportsProgressAndPerCardErrorsAndStoresOnlyWholeCards()
    {
        var org = await fixture.NewOrgAsync();
        var vcf =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good One\r\nEMAIL;TYPE=INTERNET:one@example.org\r\nUID:u-1\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Line\r\nTHIS LINE IS BROKEN\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Email\r\nEMAIL:nope\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Good Two\r\nBDAY:--0704\r\nEND:VCARD\r\n";

        var progress = await fixture.ImportAsync(org, vcf);

        var last = progress[^1];
        Assert.True(last.Done);
        Assert.Equal((4, 4, 2, 0, 2), (last.TotalCards, last.ProcessedCards, last.Created, last.Updated, last.Failed));
        var errors = progress.SelectMany(p => p.Errors).ToList();
        Assert.Equal([(2, 10), (3, 15)], errors.Select(e => (e.Card, e.Line)));
        Assert.Equal("line 10: no ':' separates the property name from its value", errors[0].Message);
        Assert.Equal("line 15: emails[0].value: 'nope' is not an email address", errors[1].Message);
        var listed = await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org });
        Assert.Equal(["Good One", "Good Two"], listed.Contacts.Select(c => c.DisplayName));
        Assert.Equal("--07-04", listed.Contacts[1].Birthday);
    }

    [Fact]
    public async Task ImportingACardAgainByUIDUpdatesInsteadOfDuplicating()
    {
        var org = await fixture.NewOrgAsync();
        await fixture.ImportAsync(org, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nUID:gh-1\r\nEND:VCARD\r\n");

        var again = await fixture.ImportAsync(org, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nTITLE:Rear Admiral\r\nUID:gh-1\r\nEND:VCARD\r\n");

        Assert.Equal((0, 1), (again[^1].Created, again[^1].Updated));
        var only = (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).Contacts.Single();
        Assert.Equal("Rear Admiral", only.Title);
    }

    [Fact]
    public async Task AUIDRepeatedWithinOneFileYieldsOneContactWithTheLastCardsFields()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nTITLE:Fellow\r\nUID:at-1\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nTITLE:Reader\r\nUID:at-1\r\nEND:VCARD\r\n");

        Assert.Equal((1, 1, 0), (progress[^1].Created, progress[^1].Updated, progress[^1].Failed));
        var only = (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).Contacts.Single();
        Assert.Equal(("Reader", "at-1"), (only.Title, only.Uid));
    }

    [Fact]
    public async Task ExportThenImportIntoAnotherOrgReproducesTheContacts()
    {
        var (org, created) = await CreatedAsync();
        await Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = "Ünal; Ötzi, \\ Backslash", Note = "two\nlines" } });

        var exported = await Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org, Version = VCardVersion._30 });
        var other = await fixture.NewOrgAsync();
        var imported = await fixture.ImportAsync(other, exported.Vcard.ToStringUtf8());

        Assert.Equal(2, exported.Count);
        Assert.StartsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n", Encoding.UTF8.GetString(exported.Vcard.Span), StringComparison.Ordinal);
        Assert.Equal(2, imported[^1].Created);
        var copies = (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = other })).Contacts;
        var ada = copies.Single(c => c.DisplayName == "Ada Lovelace");
        Assert.Equal(created.Emails, ada.Emails);
        Assert.Equal(created.Phones, ada.Phones);
        Assert.Equal(created.Birthday, ada.Birthday);
        Assert.Equal(created.Tags, ada.Tags);
        Assert.Equal("two\nlines", copies.Single(c => c.DisplayName.StartsWith("Ünal", StringComparison.Ordinal)).Note);
    }

    [Fact]
    public async Task ExportOfNamedIdsExportsOnlyThoseAndAnUnknownIdIsNotFound()
    {
        var (org, created) = await CreatedAsync();
        await Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = "Someone Else" } });

        var one = await Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org, Ids = { created.Id } });

        Assert.Equal(1, one.Count);
        Assert.Contains("FN:Ada Lovelace", one.Vcard.ToStringUtf8(), StringComparison.Ordinal);
        await FailsAsync(StatusCode.NotFound, () => Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org, Ids = { "ffffffffffffffffffffffffffffffff" } }).ResponseAsync);
    }

    [Fact]
    public async Task ExportThenImportIntoTheSameOrgUpdatesContactsThatHadNoUIDInsteadOfCopyingThem()
    {
        var (org, created) = await CreatedAsync();
        Assert.Equal("", created.Uid);

        var exported = (await Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org })).Vcard.ToStringUtf8();
        Assert.Contains($"UID:urn:uuid:{Guid.ParseExact(created.Id, "N"):D}\r\n", exported, StringComparison.Ordinal);
        var edited = exported.Replace("ORG:Analytical Engines", "ORG:Difference Engines", StringComparison.Ordinal);
        var progress = await fixture.ImportAsync(org, edited);

        Assert.Equal((0, 1, 0), (progress[^1].Created, progress[^1].Updated, progress[^1].Failed));
        var only = (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).Contacts.Single();
        Assert.Equal((created.Id, "Difference Engines", created.CreatedAt), (only.Id, only.Organization, only.CreatedAt));
    }

    [Fact]
    public async Task AnExportedUidOfAContactAnotherOrgHoldsCreatesAContactInThisOne()
    {
        var (org, created) = await CreatedAsync();
        var exported = (await Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org })).Vcard.ToStringUtf8();
        var other = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(other, exported);

        Assert.Equal((1, 0), (progress[^1].Created, progress[^1].Updated));
        Assert.NotEqual(created.Id, (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = other })).Contacts.Single().Id);
    }

    [Fact]
    public async Task TheStreamingExportSendsWholeCardsInPiecesThatJoinToTheOneMessageExport()
    {
        var org = await fixture.NewOrgAsync();
        // About 4,000 cards of some 700 bytes: several pieces of about 1 MiB.
        const int Count = 4_000;
        var vcf = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            vcf.Append(System.Globalization.CultureInfo.InvariantCulture, $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Patient {i:D5}\r\nNOTE:{new string('n', 600)}\r\nEND:VCARD\r\n");
        }

        Assert.Equal(Count, (await fixture.ImportAsync(org, vcf.ToString()))[^1].Created);

        using var call = Contacts.ExportContactsStream(new ExportContactsRequest { OrgId = org });
        var chunks = new List<ExportContactsChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count >= 2, $"{chunks.Count} piece(s)");
        Assert.All(chunks, c => Assert.Equal(Count, c.Total));
        Assert.Equal(Count, chunks[^1].Exported);
        Assert.Equal(chunks.Select(c => c.Exported).Order(), chunks.Select(c => c.Exported));
        Assert.All(chunks, c =>
        {
            var text = c.Vcard.ToStringUtf8();
            Assert.StartsWith("BEGIN:VCARD\r\n", text, StringComparison.Ordinal);
            Assert.EndsWith("END:VCARD\r\n", text, StringComparison.Ordinal);
            Assert.True(c.Vcard.Length < 2 * 1024 * 1024, $"a piece of {c.Vcard.Length} bytes");
        });
        var joined = string.Concat(chunks.Select(c => c.Vcard.ToStringUtf8()));
        var whole = await Contacts.ExportContactsAsync(new ExportContactsRequest { OrgId = org });
        Assert.Equal(whole.Vcard.ToStringUtf8(), joined);
    }

    [Fact]
    public async Task TheStreamingExportOfAnEmptyOrgIsOneEmptyPieceAndAnUnknownIdIsNotFound()
    {
        var org = await fixture.NewOrgAsync();

        using var call = Contacts.ExportContactsStream(new ExportContactsRequest { OrgId = org });
        var chunks = new List<ExportContactsChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        var only = Assert.Single(chunks);
        Assert.Equal((0, 0, 0), (only.Vcard.Length, only.Exported, only.Total));
        using var unknown = Contacts.ExportContactsStream(new ExportContactsRequest { OrgId = org, Ids = { "ffffffffffffffffffffffffffffffff" } });
        await FailsAsync(StatusCode.NotFound, async () => await unknown.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task ACardInLatin1IsReadAsWindows1252AndReportedAsSuchForThatCardOnly()
    {
        var org = await fixture.NewOrgAsync();
        byte[] vcf =
        [
            .. "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana N\u00fa\u00f1ez\r\nEND:VCARD\r\n"u8,
            .. "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J"u8, 0xFC, .. "rgen M"u8, 0xFC, .. "ller\r\nNOTE:"u8, 0x80, .. " 5\r\nEND:VCARD\r\n"u8,
        ];

        var progress = await fixture.ImportAsync(org, vcf);

        Assert.Equal((2, 0), (progress[^1].Created, progress[^1].Failed));
        var warning = Assert.Single(progress.SelectMany(p => p.Warnings));
        Assert.Equal((2, 7), (warning.Card, warning.Line));
        Assert.Equal("line 7: not valid UTF-8, read as Windows-1252 (Latin-1) (also line 8): 'FN:J\u00fcrgen M\u00fcller'", warning.Message);
        var jurgen = (await Contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "jurgen" })).Contacts.Single();
        Assert.Equal(("J\u00fcrgen M\u00fcller", "\u20ac 5"), (jurgen.DisplayName, jurgen.Note));
    }

    [Fact]
    public async Task AQuotedPrintableValueWithoutACharsetThatIsNotUTF8IsReadAsWindows1252WithAWarning()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\nEND:VCARD\r\n");

        var warning = Assert.Single(progress.SelectMany(p => p.Warnings));
        Assert.Equal((1, 3), (warning.Card, warning.Line));
        Assert.StartsWith("line 3: not valid UTF-8, read as Windows-1252 (Latin-1): 'N:M\u00fcller;J\u00fcrgen'", warning.Message, StringComparison.Ordinal);
        var only = (await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org })).Contacts.Single();
        Assert.Equal(("J\u00fcrgen", "M\u00fcller"), (only.GivenName, only.FamilyName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n  \r\n")]
    [InlineData("\uFEFF")]
    public async Task AnEmptyFileIsRefusedWithOneErrorForTheFile(string vcf)
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, vcf);

        Assert.True(progress[^1].Done);
        Assert.Equal((0, 0, 1), (progress[^1].TotalCards, progress[^1].Created, progress[^1].Failed));
        var error = Assert.Single(progress.SelectMany(p => p.Errors));
        Assert.Equal((0, 1, "line 1: the file is empty: no card (BEGIN:VCARD ... END:VCARD) in it"), (error.Card, error.Line, error.Message));
    }

    [Fact]
    public async Task TheContactServiceAnswersOverGrpcWebToo()
    {
        var (org, created) = await CreatedAsync();
        using var web = fixture.Node.CreateGrpcWebChannel();

        var got = await new ContactService.ContactServiceClient(web).GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id });

        Assert.Equal(created, got);
    }
}
