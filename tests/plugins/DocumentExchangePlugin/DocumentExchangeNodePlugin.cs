using P2PClinic.Sdk;

namespace P2PClinic.Tests.Exchange;

/// <summary>
/// Test-only plugin <c>tests.document-exchange</c>: exposes an org document's state as Yjs updates
/// (<c>DocumentExchange.ExportUpdate(org_id, state_vector)</c>) and merges updates into it
/// (<c>DocumentExchange.ApplyUpdate(org_id, update)</c>), so a test can "sync by hand" between two real nodes:
/// <code>
/// var sv = (await exchangeB.ExportUpdateAsync(new() { OrgId = orgB })).StateVector;            // what B has
/// var diff = (await exchangeA.ExportUpdateAsync(new() { OrgId = orgA, StateVector = sv })).Update; // what B lacks
/// await exchangeB.ApplyUpdateAsync(new() { OrgId = orgB, Update = diff });                       // B merges it
/// </code>
/// The two orgs need not share an id (the node cannot create an org with a given id yet): the documents merge all
/// the same. Applied updates reach plugins as changes from a peer (<c>IsLocal == false</c>). Use it from a test
/// project by laying it out like the node's plugins (see P2PClinic.Reminders.Tests.csproj) and compiling
/// <c>document_exchange.proto</c> as a client.
/// </summary>
public sealed class DocumentExchangeNodePlugin : NodePlugin
{
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<DocumentExchangeService>();
}
