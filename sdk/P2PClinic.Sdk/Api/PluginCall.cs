using Grpc.Core;

namespace P2PClinic.Sdk.Api;

/// <summary>
/// What every plugin's gRPC methods share: finding the org a request names (or the node's default org) and
/// answering the SDK's exceptions with their status codes. The node itself answers what is left
/// (<see cref="OrgNotFoundException"/> with <c>NotFound</c>, <see cref="ArgumentException"/> with
/// <c>InvalidArgument</c>, anything else with <c>Internal</c>).
/// </summary>
public static class PluginCall
{
    /// <summary>
    /// Runs a call, answering <see cref="InvalidFieldException"/> with <c>InvalidArgument</c>,
    /// <see cref="RecordNotFoundException"/> with <c>NotFound</c> and <see cref="RecordConflictException"/> with
    /// <c>FailedPrecondition</c>, each with the exception's message.
    /// </summary>
    /// <typeparam name="T">The response.</typeparam>
    /// <param name="call">The method's body.</param>
    /// <returns>The response.</returns>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    /// <summary>Runs a call that answers nothing (a server stream), mapping exceptions as <see cref="RunAsync{T}"/> does.</summary>
    /// <param name="call">The method's body.</param>
    /// <returns>The call's task.</returns>
    public static Task RunAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// The org a request's <c>org_id</c> names: its id parsed, or the node's default org when it is empty.
    /// </summary>
    /// <param name="orgs">The node's orgs.</param>
    /// <param name="orgId">The request's <c>org_id</c> (32 hex characters, or empty).</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <returns>The org's id (whether the node holds it is for opening its document to find out).</returns>
    /// <exception cref="InvalidFieldException"><paramref name="orgId"/> is not an org id.</exception>
    /// <exception cref="RpcException"><c>FailedPrecondition</c>: empty, and the node has no default org.</exception>
    public static async Task<Guid> ResolveOrgAsync(IOrgDirectory orgs, string orgId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orgs);
        if (string.IsNullOrWhiteSpace(orgId))
        {
            var org = await orgs.GetDefaultAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "org_id: empty and the node has no default org; create one first"));
            return org.Id;
        }

        return Guid.TryParse(orgId.Trim(), out var id) ? id : throw new InvalidFieldException("org_id", $"'{orgId}' is not an org id (32 hex characters)");
    }

    private static Status? StatusOf(Exception e) => e switch
    {
        InvalidFieldException => new Status(StatusCode.InvalidArgument, e.Message),
        RecordNotFoundException => new Status(StatusCode.NotFound, e.Message),
        RecordConflictException => new Status(StatusCode.FailedPrecondition, e.Message),
        _ => null,
    };
}
