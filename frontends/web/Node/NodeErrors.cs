using Grpc.Core;
using P2PClinic.Client;

namespace P2PClinic.Web.Node;

/// <summary>Turns what a call to the node threw into one sentence a person can act on, never a stack trace.</summary>
public static class NodeErrors
{
    /// <summary>The message to show for <paramref name="error"/>, from a call to the node at <paramref name="address"/>.</summary>
    public static string Describe(Exception error, Uri address)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            RpcException rpc => Describe(rpc, address),
            NodeTokenNotFoundException token => $"The web app has no token for the node: {token.Message}.",
            ArgumentException argument => argument.Message,
            OperationCanceledException => "The request was cancelled.",
            _ => $"Something went wrong: {error.Message}",
        };
    }

    /// <summary>True when the error means the node could not be reached at all (as opposed to refusing the request).</summary>
    public static bool IsUnreachable(Exception error) =>
        error is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } or NodeTokenNotFoundException;

    private static string Describe(RpcException rpc, Uri address)
    {
        var detail = rpc.Status.Detail;
        return rpc.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => $"The node at {address} does not answer. Is it running?",
            StatusCode.Unauthenticated => $"The node at {address} refused the web app's token. Was the node started on another data directory?",
            StatusCode.PermissionDenied => $"The node refused: {detail}",
            StatusCode.Unimplemented => "This node does not offer that feature (its plugin is not loaded).",
            StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => Sentence(detail),
            StatusCode.NotFound => Sentence(detail.Length > 0 ? detail : "not found; it may have been deleted elsewhere"),
            StatusCode.AlreadyExists => Sentence(detail.Length > 0 ? detail : "it already exists"),
            StatusCode.ResourceExhausted => Sentence(detail.Length > 0 ? detail : "the node is busy; try again in a moment"),
            _ => $"The node could not do that: {(detail.Length > 0 ? detail : rpc.StatusCode.ToString())}",
        };
    }

    private static string Sentence(string text) =>
        text.Length == 0 ? "The node refused the request." : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
