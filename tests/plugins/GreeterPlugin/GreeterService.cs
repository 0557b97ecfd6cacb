using System.Globalization;
using Grpc.Core;
using P2PClinic.Crdt;
using P2PClinic.Sdk;
using P2PClinic.Tests.Greeter.V1;

namespace P2PClinic.Tests.Greeter;

/// <summary>The greeter's gRPC service, created per call by the node.</summary>
internal sealed class GreeterService : V1.Greeter.GreeterBase
{
    private readonly GreetingFormat _format;
    private readonly IOrgDocuments _documents;

    public GreeterService(GreetingFormat format, IOrgDocuments documents)
    {
        _format = format;
        _documents = documents;
    }

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = string.Format(CultureInfo.InvariantCulture, _format.Format, request.Name) });

    public override async Task<AddNoteReply> AddNote(AddNoteRequest request, ServerCallContext context)
    {
        var document = await _documents.OpenAsync(ParseOrg(request.OrgId), context.CancellationToken);
        var change = await document.ChangeAsync(
            t =>
            {
                var note = new YMap();
                t.Doc.GetMap("notes").Set(request.NoteId, note);
                note.Set("text", request.Text);
            },
            context.CancellationToken);
        var reply = new AddNoteReply();
        reply.Changed.AddRange(change.Collections.SelectMany(c => c.Ids.Select(id => $"{c.Collection}:{id}")));
        return reply;
    }

    public override async Task<GetNoteReply> GetNote(GetNoteRequest request, ServerCallContext context)
    {
        var document = await _documents.OpenAsync(ParseOrg(request.OrgId), context.CancellationToken);
        return document.Read(doc =>
            doc.GetMap("notes").Get(request.NoteId) is YMap note && note.Get("text") is string text
                ? new GetNoteReply { Found = true, Text = text }
                : new GetNoteReply { Found = false });
    }

    private static Guid ParseOrg(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new ArgumentException($"'{value}' is not an org id", "org_id");
}
