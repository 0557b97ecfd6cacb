using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Sdk;
using P2PClinic.Tests.Exchange.V1;

namespace P2PClinic.Tests.Exchange;

/// <summary>The exchange's gRPC service, created per call by the node.</summary>
internal sealed class DocumentExchangeService : DocumentExchange.DocumentExchangeBase
{
    private readonly IOrgDocuments _documents;

    public DocumentExchangeService(IOrgDocuments documents)
    {
        _documents = documents;
    }

    public override async Task<ExportUpdateReply> ExportUpdate(ExportUpdateRequest request, ServerCallContext context)
    {
        var document = await _documents.OpenAsync(ParseOrg(request.OrgId), context.CancellationToken);
        var stateVector = request.StateVector.Memory;
        return document.Read(doc => new ExportUpdateReply
        {
            // A malformed state vector is the caller's mistake: the node maps the CRDT's format error to InvalidArgument.
            Update = ByteString.CopyFrom(doc.EncodeStateAsUpdate(stateVector.Span)),
            StateVector = ByteString.CopyFrom(doc.EncodeStateVector()),
        });
    }

    public override async Task<ApplyUpdateReply> ApplyUpdate(ApplyUpdateRequest request, ServerCallContext context)
    {
        var document = await _documents.OpenAsync(ParseOrg(request.OrgId), context.CancellationToken);
        var change = await document.ApplyUpdateAsync(request.Update.Memory, context.CancellationToken);
        var reply = new ApplyUpdateReply();
        reply.Changed.AddRange(change.Collections.SelectMany(c => c.Ids.Select(id => $"{c.Collection}:{id}")));
        return reply;
    }

    private static Guid ParseOrg(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new ArgumentException($"'{value}' is not an org id (32 hex characters)", "org_id");
}
