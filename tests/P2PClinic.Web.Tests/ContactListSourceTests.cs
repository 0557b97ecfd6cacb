using Grpc.Core;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Web.Components.Contacts;

namespace P2PClinic.Web.Tests;

/// <summary>The rows behind the virtualized contact list, as Virtualize asks for them.</summary>
public sealed class ContactListSourceTests
{
    [Fact]
    public async Task ProvideAsyncForAReplacedLoadThrowsTheCancellationVirtualizeIgnoresNotTheGrpcError()
    {
        // The node's client reports a cancelled call as RpcException(Cancelled), as gRPC-web does.
        var source = new ContactListSource(
            async (_, ct) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
                }

                throw new InvalidOperationException("unreachable");
            },
            (_, _) => throw new InvalidOperationException("no search expected"));
        source.Reset("org1", ContactSort.Name, false, "");
        using var replaced = new CancellationTokenSource();

        var load = source.ProvideAsync(new ItemsProviderRequest(0, 20, replaced.Token)).AsTask();
        await replaced.CancelAsync();

        // Virtualize suppresses exactly this: an OperationCanceledException with its own request's token.
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load);
        Assert.Equal(replaced.Token, thrown.CancellationToken);
    }

    [Fact]
    public async Task ProvideAsyncLetsARealFailureThrough()
    {
        var source = new ContactListSource(
            (_, _) => throw new RpcException(new Status(StatusCode.Unavailable, "Connection refused")),
            (_, _) => throw new InvalidOperationException("no search expected"));
        source.Reset("org1", ContactSort.Name, false, "");

        var thrown = await Assert.ThrowsAsync<RpcException>(() => source.ProvideAsync(new ItemsProviderRequest(0, 20, CancellationToken.None)).AsTask());
        Assert.Equal(StatusCode.Unavailable, thrown.StatusCode);
    }

    [Fact]
    public async Task ProvideAsyncReturnsTheSearchResultsWithTheirCount()
    {
        var source = new ContactListSource(
            (_, _) => throw new InvalidOperationException("no list expected"),
            (request, _) =>
            {
                var found = new SearchContactsResponse();
                found.Contacts.Add(new Contact { Id = "c1", DisplayName = $"match for {request.Query}" });
                return Task.FromResult(found);
            });
        source.Reset("org1", ContactSort.Name, false, "  admiral ");

        var result = await source.ProvideAsync(new ItemsProviderRequest(0, 20, CancellationToken.None));

        Assert.Equal(1, result.TotalItemCount);
        Assert.Equal("match for admiral", Assert.Single(result.Items).DisplayName);
    }
}
