using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Api;
using Proto = P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Plugins.Contacts.Internal.Api;

/// <summary>The ContactService of contacts.proto, over the org's contact book.</summary>
internal sealed class ContactGrpcService : ContactService.ContactServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private readonly ContactBooks _books;
    private readonly IOrgDirectory _orgs;

    public ContactGrpcService(ContactBooks books, IOrgDirectory orgs)
    {
        _books = books;
        _orgs = orgs;
    }

    public override Task<Proto.Contact> CreateContact(CreateContactRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            var contact = await book.CreateAsync(ContactMessages.FromMessage(request.Contact), context.CancellationToken).ConfigureAwait(false);
            return ContactMessages.ToMessage(contact);
        });

    public override Task<Proto.Contact> GetContact(GetContactRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            return ContactMessages.ToMessage(book.Get(RequireId(request.Id, "id")) ?? throw NotFound(request.Id));
        });

    public override Task<Proto.Contact> UpdateContact(UpdateContactRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Contact?.Id ?? "", "contact.id");
            if (request.UpdateMask is null || request.UpdateMask.Paths.Count == 0)
            {
                throw new ContactValidationException("update_mask", "is required: name the fields to change (e.g. \"note\", \"emails\")");
            }

            var fields = ContactFieldNames.Parse(request.UpdateMask.Paths);
            var updated = await book.UpdateAsync(id, ContactMessages.FromMessage(request.Contact), fields, context.CancellationToken).ConfigureAwait(false);
            return ContactMessages.ToMessage(updated ?? throw NotFound(id));
        });

    public override Task<DeleteContactResponse> DeleteContact(DeleteContactRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            return await book.DeleteAsync(id, context.CancellationToken).ConfigureAwait(false) ? new DeleteContactResponse() : throw NotFound(id);
        });

    public override Task<ListContactsResponse> ListContacts(ListContactsRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            var sort = request.Sort switch
            {
                Proto.ContactSort.Unspecified or Proto.ContactSort.Name => Internal.Search.ContactSort.Name,
                Proto.ContactSort.FamilyName => Internal.Search.ContactSort.FamilyName,
                Proto.ContactSort.CreatedAt => Internal.Search.ContactSort.CreatedAt,
                Proto.ContactSort.UpdatedAt => Internal.Search.ContactSort.UpdatedAt,
                _ => throw new ContactValidationException("sort", $"{(int)request.Sort} is not a sort order"),
            };
            var page = book.Index.List(sort, request.Descending, Size(request.PageSize, "page_size"), request.PageToken);
            var response = new ListContactsResponse { NextPageToken = page.NextPageToken, TotalSize = page.TotalCount };
            response.Contacts.AddRange(page.Contacts.Select(ContactMessages.ToMessage));
            return response;
        });

    public override Task<SearchContactsResponse> SearchContacts(SearchContactsRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(request.Query))
            {
                throw new ContactValidationException("query", "is empty");
            }

            var response = new SearchContactsResponse();
            response.Contacts.AddRange(book.Index.Search(request.Query, Size(request.Limit, "limit")).Select(ContactMessages.ToMessage));
            return response;
        });

    public override Task ImportContacts(ImportContactsRequest request, IServerStreamWriter<ImportContactsProgress> responseStream, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
            await ContactImport.RunAsync(
                book,
                request.Vcard.Memory,
                progress =>
                {
                    var message = new ImportContactsProgress
                    {
                        TotalCards = progress.TotalCards,
                        ProcessedCards = progress.ProcessedCards,
                        Created = progress.Created,
                        Updated = progress.Updated,
                        Failed = progress.Failed,
                        Done = progress.Done,
                    };
                    message.Errors.AddRange(progress.Errors.Select(e => new Proto.ImportError { Card = e.Card, Line = e.Line, Message = e.Message }));
                    message.Warnings.AddRange(progress.Warnings.Select(w => new Proto.ImportWarning { Card = w.Card, Line = w.Line, Message = w.Message }));
                    return responseStream.WriteAsync(message, context.CancellationToken);
                },
                context.CancellationToken).ConfigureAwait(false);
        });

    public override Task<ExportContactsResponse> ExportContacts(ExportContactsRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var (contacts, version) = await ExportSelectionAsync(request, context).ConfigureAwait(false);
            using var file = new MemoryStream();
            foreach (var (bytes, _) in ContactExport.Pieces(contacts, version))
            {
                file.Write(bytes);
            }

            return new ExportContactsResponse { Vcard = ByteString.CopyFrom(file.GetBuffer(), 0, (int)file.Length), Count = contacts.Count };
        });

    public override Task ExportContactsStream(ExportContactsRequest request, IServerStreamWriter<ExportContactsChunk> responseStream, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var (contacts, version) = await ExportSelectionAsync(request, context).ConfigureAwait(false);
            foreach (var (bytes, written) in ContactExport.Pieces(contacts, version))
            {
                // The piece is never touched again: no copy into the message.
                var chunk = new ExportContactsChunk { Vcard = UnsafeByteOperations.UnsafeWrap(bytes), Exported = written, Total = contacts.Count };
                await responseStream.WriteAsync(chunk, context.CancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>The contacts an export writes (those named, or all by name) and the vCard version to write.</summary>
    private async Task<(IReadOnlyList<Model.Contact> Contacts, Internal.VCard.VCardVersion Version)> ExportSelectionAsync(ExportContactsRequest request, ServerCallContext context)
    {
        var book = await BookAsync(request.OrgId, context).ConfigureAwait(false);
        var version = request.Version switch
        {
            Proto.VCardVersion.Unspecified or Proto.VCardVersion._40 => Internal.VCard.VCardVersion.V40,
            Proto.VCardVersion._30 => Internal.VCard.VCardVersion.V30,
            _ => throw new ContactValidationException("version", $"{(int)request.Version} is not a vCard version"),
        };
        IReadOnlyList<Model.Contact> contacts = request.Ids.Count == 0
            ? book.Index.ByName()
            : [.. request.Ids.Select((id, i) => book.Get(RequireId(id, $"ids[{i}]")) ?? throw NotFound(id))];
        return (contacts, version);
    }

    private static RecordNotFoundException NotFound(string id) => new($"contact {id} not found");

    private static string RequireId(string id, string field) =>
        string.IsNullOrWhiteSpace(id) ? throw new ContactValidationException(field, "is required") : id.Trim();

    private static int Size(int requested, string field) => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw new ContactValidationException(field, $"{requested} is not between 1 and {MaxPageSize}"),
        _ => requested,
    };

    private async Task<ContactBook> BookAsync(string orgId, ServerCallContext context) =>
        await _books.OpenAsync(await PluginCall.ResolveOrgAsync(_orgs, orgId, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
}
