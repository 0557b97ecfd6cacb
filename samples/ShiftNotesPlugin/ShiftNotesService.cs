using Acme.ShiftNotes.V1;
using Grpc.Core;
using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace Acme.ShiftNotes;

/// <summary>The gRPC service; the node creates it per call and injects the SDK's services.</summary>
internal sealed class ShiftNotesService : V1.ShiftNotes.ShiftNotesBase
{
    private readonly IOrgDocuments _documents;
    private readonly TimeProvider _time;

    public ShiftNotesService(IOrgDocuments documents, TimeProvider time)
    {
        _documents = documents;
        _time = time;
    }

    public override async Task<ShiftNote> AddShiftNote(AddShiftNoteRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            // ArgumentException's parameter name becomes the field named in the InvalidArgument status.
            throw new ArgumentException("a note needs text", "text");
        }

        var document = await _documents.OpenAsync(OrgId(request.OrgId), context.CancellationToken);
        var note = new ShiftNote { Id = Guid.NewGuid().ToString("N"), Author = request.Author, Text = request.Text.Trim() };
        // Returns once the change is on disk; each note is its own map, so concurrent edits on peers merge.
        await document.ChangeAsync(
            t =>
            {
                var entry = new YMap();
                t.Doc.GetMap(ShiftNotesNodePlugin.Collection).Set(note.Id, entry);
                entry.Set("author", note.Author);
                entry.Set("text", note.Text);
                entry.Set("addedAt", _time.GetUtcNow().ToUnixTimeMilliseconds());
            },
            context.CancellationToken);
        return note;
    }

    public override async Task<ListShiftNotesResponse> ListShiftNotes(ListShiftNotesRequest request, ServerCallContext context)
    {
        var document = await _documents.OpenAsync(OrgId(request.OrgId), context.CancellationToken);
        var notes = document.Read(doc =>
        {
            var collection = doc.GetMap(ShiftNotesNodePlugin.Collection);
            return collection.Keys
                .Select(id => (Id: id, Entry: collection.Get(id) as YMap))
                .Where(n => n.Entry is not null)
                .Select(n => (Note: new ShiftNote { Id = n.Id, Author = n.Entry!.Get("author") as string ?? "", Text = n.Entry.Get("text") as string ?? "" },
                              AddedAt: n.Entry.Get("addedAt") is long at ? at : 0))
                .OrderBy(n => n.AddedAt)
                .Select(n => n.Note)
                .ToList();
        });
        var response = new ListShiftNotesResponse();
        response.Notes.AddRange(notes);
        return response;
    }

    private static Guid OrgId(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new ArgumentException($"'{value}' is not an org id", "org_id");
}
