extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Contacts.Tests.Model;

public sealed class ContactValidatorTests
{
    private static ContactValidationException Refused(Contact contact) =>
        Assert.Throws<ContactValidationException>(() => ContactValidator.Validate(contact));

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@")]
    [InlineData("@example.org")]
    [InlineData("a b@example.org")]
    [InlineData("a@exa mple.org")]
    [InlineData("a@example..org")]
    [InlineData("a@-example.org")]
    [InlineData(".a@example.org")]
    public void AMalformedEmailIsRefusedNamingItsPosition(string email)
    {
        var error = Refused(new Contact { DisplayName = "X", Emails = [new LabeledValue("", "ok@example.org"), new LabeledValue("work", email)] });

        Assert.Equal("emails[1].value", error.Field);
        Assert.Contains("is not an email address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ana@example.org")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("josé@correo.españa.es")]
    [InlineData("root@localhost")]
    public void OrdinaryEmailsAreAccepted(string email)
    {
        Assert.Equal(email, ContactValidator.Validate(new Contact { Emails = [new LabeledValue("", " " + email + " ")] }).Emails[0].Value);
    }

    [Fact]
    public void AnEmptyContactIsRefused()
    {
        var error = Refused(new Contact { Note = "only a note", Tags = ["x"] });

        Assert.Equal("contact", error.Field);
    }

    [Fact]
    public void OversizedTextIsRefusedNamingTheFieldAndTheLimit()
    {
        var error = Refused(new Contact { DisplayName = new string('x', ContactLimits.ShortText + 1) });
        Assert.Equal("display_name: 257 characters is more than the limit of 256", error.Message);

        var note = Refused(new Contact { DisplayName = "X", Note = new string('n', ContactLimits.Note + 1) });
        Assert.Equal("note", note.Field);
    }

    [Fact]
    public void TextAtTheLimitIsAccepted()
    {
        var contact = ContactValidator.Validate(new Contact { DisplayName = new string('x', ContactLimits.ShortText), Note = new string('n', ContactLimits.Note) });

        Assert.Equal(ContactLimits.Note, contact.Note.Length);
    }

    [Fact]
    public void APhoneWithoutDigitsIsRefused()
    {
        var error = Refused(new Contact { DisplayName = "X", Phones = [new LabeledValue("cell", "call me")] });

        Assert.Equal("phones[0].value", error.Field);
    }

    [Fact]
    public void TooManyEmailsAreRefused()
    {
        var emails = Enumerable.Range(0, ContactLimits.ListItems + 1).Select(i => new LabeledValue("", $"a{i}@example.org")).ToList();

        Assert.Equal("emails", Refused(new Contact { DisplayName = "X", Emails = emails }).Field);
    }

    [Fact]
    public void AnEmptyAddressIsRefusedAndAnAddressComponentIsNamedWhenTooLong()
    {
        Assert.Equal("addresses[0]", Refused(new Contact { DisplayName = "X", Addresses = [new PostalAddress { Label = "home" }] }).Field);
        Assert.Equal("addresses[0].street", Refused(new Contact { DisplayName = "X", Addresses = [new PostalAddress { Street = new string('s', 300) }] }).Field);
    }

    [Fact]
    public void ValuesAreTrimmedAndDuplicateOrEmptyTagsDropped()
    {
        var contact = ContactValidator.Validate(new Contact { DisplayName = "  Ana  ", Tags = [" a ", "a", "", "b"] });

        Assert.Equal("Ana", contact.DisplayName);
        Assert.Equal(["a", "b"], contact.Tags);
    }

    [Fact]
    public void ControlCharactersAreRefused()
    {
        Assert.Equal("title", Refused(new Contact { DisplayName = "X", Title = "a\u0000b" }).Field);
    }

    [Fact]
    public void FieldMaskPathsAcceptSnakeAndCamelCaseAndRefuseUnknownOnes()
    {
        Assert.Equal(ContactField.DisplayName | ContactField.Emails, ContactFieldNames.Parse(["display_name", "emails"]));
        Assert.Equal(ContactField.FamilyName, ContactFieldNames.Parse(["familyName"]));
        var error = Assert.Throws<ContactValidationException>(() => ContactFieldNames.Parse(["created_at"]));
        Assert.Equal("update_mask", error.Field);
    }
}
