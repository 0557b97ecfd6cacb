using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using P2PClinic.Client;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// Turns any failure into the one line a user reads on stderr and the exit code a script branches on.
/// Never a stack trace: the message says what went wrong in the product's words.
/// </summary>
internal sealed record CliError(string Message, int ExitCode)
{
    public static CliError From(Exception exception, Uri? node, TimeSpan? timeout = null) => exception switch
    {
        CliException cli => new(cli.Message, cli.ExitCode),
        RpcException rpc => FromStatus(rpc, node, timeout),
        NodeTokenNotFoundException token => new(token.Message, ExitCodes.Unauthenticated),
        CommandAppException parse => new(FirstLine(parse.Message), ExitCodes.Usage),
        // NodeConnection's refusals (a non-http address, a token that would leave loopback in clear text).
        ArgumentException argument => new(FirstLine(argument.Message), ExitCodes.Usage),
        HttpRequestException http => Unreachable(node, http),
        OperationCanceledException => new("cancelled", ExitCodes.Failed),
        _ => new("unexpected failure: " + FirstLine(exception.Message), ExitCodes.Failed),
    };

    private static CliError FromStatus(RpcException rpc, Uri? node, TimeSpan? timeout) => rpc.StatusCode switch
    {
        StatusCode.Unavailable => Unreachable(node, rpc.Status.DebugException ?? rpc),
        // Something listens and took the call, but no answer came: busy or stalled, which a retry may cure; not "unreachable".
        StatusCode.DeadlineExceeded => Slow(node, timeout),
        // An HTTP/2-only listener (the node's native gRPC port) answers a gRPC-web (HTTP/1.1) call with a bare HTTP error.
        StatusCode.Internal when IsHttpStatusOnly(rpc) => new(
            $"the address {Display(node)} answered HTTP, not the node's gRPC-web API ({Detail(rpc)}); is it the node's native gRPC port? "
            + $"--node takes its HTTP/1.1 API address, the \"API\" one of the node's ready line (by default {NodeDefaults.Address.ToString().TrimEnd('/')})",
            ExitCodes.Usage),
        StatusCode.Unauthenticated => new("the node rejected the token", ExitCodes.Unauthenticated),
        StatusCode.PermissionDenied => new("the node denied access: " + Detail(rpc), ExitCodes.Unauthenticated),
        StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists
            or StatusCode.FailedPrecondition or StatusCode.OutOfRange => new(Detail(rpc), ExitCodes.Refused),
        // A damaged org: the node's message names the damage and says how to repair it.
        StatusCode.DataLoss => new(Detail(rpc), ExitCodes.Refused),
        StatusCode.Unimplemented => new($"the node at {Display(node)} does not offer this call (is it a P2P Clinic node of this version?)", ExitCodes.Failed),
        _ => new($"the node failed ({rpc.StatusCode}): {Detail(rpc)}", ExitCodes.Failed),
    };

    /// <summary>A node that took a call but did not answer within <paramref name="timeout"/>.</summary>
    internal static CliError Slow(Uri? node, TimeSpan? timeout)
    {
        var within = timeout is { } wait ? string.Create(CultureInfo.InvariantCulture, $"within {wait.TotalSeconds:0.###} s") : "in time";
        return new($"the node at {Display(node)} did not answer {within}: it is running but busy or stalled; try again, or wait longer with --timeout", ExitCodes.Slow);
    }

    private static bool IsHttpStatusOnly(RpcException rpc) =>
        rpc.Status.Detail.StartsWith("Bad gRPC response. HTTP status code:", StringComparison.Ordinal);

    private static CliError Unreachable(Uri? node, Exception cause)
    {
        // The innermost socket error says it best ("connection refused"); HttpClient wraps it twice.
        var reason = Innermost(cause) switch
        {
            SocketException socket => socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "unknown host",
                SocketError.TimedOut => "connection timed out",
                SocketError.ConnectionReset => "connection reset",
                _ => FirstLine(socket.Message).ToLowerInvariant(),
            },
            var other => FirstLine(other.Message),
        };
        return new($"cannot reach the node at {Display(node)}: {reason}", ExitCodes.Unreachable);
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is { } inner)
        {
            current = inner;
        }

        return current;
    }

    private static string Detail(RpcException rpc) =>
        string.IsNullOrWhiteSpace(rpc.Status.Detail) ? rpc.StatusCode.ToString() : FirstLine(rpc.Status.Detail);

    private static string Display(Uri? node) => node?.ToString().TrimEnd('/') ?? "(no address)";

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }
}
