using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Web.Components.Contacts;

/// <summary>
/// A contact as the edit form holds it: plain mutable fields, each email and phone a row of its own. It turns into
/// the API's <see cref="Contact"/> and, for an edit, the field mask of the fields the form shows (so fields the form
/// does not show, such as addresses and tags from an imported vCard, are left as they are).
/// </summary>
public sealed class ContactDraft
{
    /// <summary>The field mask paths this form writes.</summary>
    public static readonly IReadOnlyList<string> EditedFields =
        ["display_name", "given_name", "family_name", "emails", "phones", "organization", "title", "birthday", "note"];

    /// <summary>The contact's id; empty for a new one.</summary>
    public string Id { get; init; } = "";

    /// <summary>The name shown in lists.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The given name.</summary>
    public string GivenName { get; set; } = "";

    /// <summary>The family name.</summary>
    public string FamilyName { get; set; } = "";

    /// <summary>Email addresses with their labels.</summary>
    public List<LabeledDraft> Emails { get; } = [];

    /// <summary>Phone numbers with their labels.</summary>
    public List<LabeledDraft> Phones { get; } = [];

    /// <summary>The organization.</summary>
    public string Organization { get; set; } = "";

    /// <summary>The job title.</summary>
    public string Title { get; set; } = "";

    /// <summary>The birthday, yyyy-MM-dd (or --MM-dd).</summary>
    public string Birthday { get; set; } = "";

    /// <summary>A free-text note.</summary>
    public string Note { get; set; } = "";

    /// <summary>The form's copy of <paramref name="contact"/>.</summary>
    public static ContactDraft From(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var draft = new ContactDraft
        {
            Id = contact.Id,
            DisplayName = contact.DisplayName,
            GivenName = contact.GivenName,
            FamilyName = contact.FamilyName,
            Organization = contact.Organization,
            Title = contact.Title,
            Birthday = contact.Birthday,
            Note = contact.Note,
        };
        draft.Emails.AddRange(contact.Emails.Select(e => new LabeledDraft { Label = e.Label, Value = e.Value }));
        draft.Phones.AddRange(contact.Phones.Select(p => new LabeledDraft { Label = p.Label, Value = p.Value }));
        return draft;
    }

    /// <summary>The contact to send; empty email and phone rows are left out.</summary>
    public Contact ToContact()
    {
        var contact = new Contact
        {
            Id = Id,
            DisplayName = DisplayName.Trim(),
            GivenName = GivenName.Trim(),
            FamilyName = FamilyName.Trim(),
            Organization = Organization.Trim(),
            Title = Title.Trim(),
            Birthday = Birthday.Trim(),
            Note = Note,
        };
        contact.Emails.AddRange(Emails.Where(e => !string.IsNullOrWhiteSpace(e.Value)).Select(e => new LabeledValue { Label = e.Label.Trim(), Value = e.Value.Trim() }));
        contact.Phones.AddRange(Phones.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => new LabeledValue { Label = p.Label.Trim(), Value = p.Value.Trim() }));
        return contact;
    }

    /// <summary>The update request for an existing contact: every field the form shows.</summary>
    public UpdateContactRequest ToUpdate(string orgId)
    {
        var request = new UpdateContactRequest { OrgId = orgId, Contact = ToContact(), UpdateMask = new FieldMask() };
        request.UpdateMask.Paths.AddRange(EditedFields);
        return request;
    }
}

/// <summary>One labelled value (an email or a phone) in the form.</summary>
public sealed class LabeledDraft
{
    /// <summary>The label, e.g. work or home.</summary>
    public string Label { get; set; } = "";

    /// <summary>The address or number.</summary>
    public string Value { get; set; } = "";
}
