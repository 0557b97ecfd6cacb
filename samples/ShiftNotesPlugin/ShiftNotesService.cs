using Acme.ShiftNotes.V1;
using Grpc.Core;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Api;
using P2PClinic.Sdk.Records;

namespace Acme.ShiftNotes;

/// <summary>The gRPC service; the node creates it per call and injects the SDK's services.</summary>
internal sealed class ShiftNotesService : V1.ShiftNotes.ShiftNotesBase
{
    private const string AuthorKey = "author";
    private const string TextKey = "text";

    // Each note is a record of the SDK's model: its fields merge one by one when peers edit it (docs/records.md).
    private static readonly RecordCollection Notes = new(ShiftNotesNodePlugin.Collection);

    private readonly IOrgDocuments _documents;
    private readonly IOrgDirectory _orgs;
    private readonly TimeProvider _time;

    public ShiftNotesService(IOrgDocuments documents, IOrgDirectory orgs, TimeProvider time)
    {
        _documents = documents;
        _orgs = orgs;
        _time = time;
    }

    public override Task<ShiftNote> AddShiftNote(AddShiftNoteRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            if (string.IsNullOrWhiteSpace(request.Text))
            {
                // PluginCall answers it with InvalidArgument, the message starting with the field's name.
                throw new InvalidFieldException("text", "a note needs text");
            }

            var document = await OpenAsync(request.OrgId, context);
            var note = new ShiftNote { Id = Guid.NewGuid().ToString("N"), Author = request.Author, Text = request.Text.Trim() };
            // Returns once the change is on disk.
            await document.ChangeAsync(
                t =>
                {
                    var record = Notes.Create(t, note.Id, _time.GetUtcNow());
                    record.SetText(AuthorKey, note.Author);
                    record.SetText(TextKey, note.Text);
                },
                context.CancellationToken);
            return note;
        });

    public override Task<ListShiftNotesResponse> ListShiftNotes(ListShiftNotesRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var document = await OpenAsync(request.OrgId, context);
            var notes = document.Read(doc => Notes.ReadAll(doc)
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new ShiftNote { Id = r.Id, Author = r.Text(AuthorKey), Text = r.Text(TextKey) })
                .ToList());
            var response = new ListShiftNotesResponse();
            response.Notes.AddRange(notes);
            return response;
        });

    private async Task<IOrgDocument> OpenAsync(string orgId, ServerCallContext context) =>
        await _documents.OpenAsync(await PluginCall.ResolveOrgAsync(_orgs, orgId, context.CancellationToken), context.CancellationToken);
}
