using System.Text.Json.Serialization;
using P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>A contact as <c>--json</c> prints it: the CLI's own stable shape, independent of the proto's naming.</summary>
internal sealed record ContactView(
    string Id,
    string DisplayName,
    string GivenName,
    string FamilyName,
    IReadOnlyList<LabeledView> Emails,
    IReadOnlyList<LabeledView> Phones,
    string Organization,
    string Title,
    IReadOnlyList<AddressView> Addresses,
    string Birthday,
    string Note,
    IReadOnlyList<string> Tags,
    string Uid,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static ContactView From(Contact c) => new(
        c.Id,
        c.DisplayName,
        c.GivenName,
        c.FamilyName,
        [.. c.Emails.Select(e => new LabeledView(e.Label, e.Value))],
        [.. c.Phones.Select(p => new LabeledView(p.Label, p.Value))],
        c.Organization,
        c.Title,
        [.. c.Addresses.Select(a => new AddressView(a.Label, a.PoBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country))],
        c.Birthday,
        c.Note,
        [.. c.Tags],
        c.Uid,
        c.CreatedAt?.ToDateTimeOffset(),
        c.UpdatedAt?.ToDateTimeOffset());
}

internal sealed record LabeledView(string Label, string Value);

internal sealed record AddressView(string Label, string PoBox, string Extended, string Street, string Locality, string Region, string PostalCode, string Country);

internal sealed record ContactPageView(IReadOnlyList<ContactView> Contacts, string NextPageToken, int TotalSize);

internal sealed record ImportErrorView(int Card, int Line, string Message);

/// <summary>An import's summary; <c>warnings</c> are cards stored with a note (bytes not in UTF-8, read as Windows-1252).</summary>
internal sealed record ImportResultView(int TotalCards, int Created, int Updated, int Failed, IReadOnlyList<ImportErrorView> Errors, IReadOnlyList<ImportErrorView> Warnings);

internal sealed record ExportResultView(int Count, string File);

/// <summary>The JSON the contact commands print.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ContactView))]
[JsonSerializable(typeof(IReadOnlyList<ContactView>))]
[JsonSerializable(typeof(ContactPageView))]
[JsonSerializable(typeof(ImportResultView))]
[JsonSerializable(typeof(ExportResultView))]
internal sealed partial class ContactJson : JsonSerializerContext;
