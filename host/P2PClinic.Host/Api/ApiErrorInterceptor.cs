using Grpc.Core;
using Grpc.Core.Interceptors;
using P2PClinic.Crdt;
using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Api;

/// <summary>
/// Turns the typed exceptions of the node, the SDK, the store and the CRDT into gRPC statuses, for the node's
/// services and every plugin's: a user error is never Internal, and an unexpected failure is logged and
/// answered as Internal without leaking its details.
/// </summary>
internal sealed class ApiErrorInterceptor : Interceptor
{
    private readonly ILogger<ApiErrorInterceptor> _logger;

    public ApiErrorInterceptor(ILogger<ApiErrorInterceptor> logger)
    {
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        Status? status = e switch
        {
            ApiArgumentException a => new Status(StatusCode.InvalidArgument, a.Message),
            Sdk.OrgNotFoundException n => new Status(StatusCode.NotFound, $"org {n.OrgId:N} not found"),
            Storage.OrgNotFoundException n => new Status(StatusCode.NotFound, $"org {n.OrgId:N} not found"),
            OrgDocumentClosedException c => new Status(StatusCode.NotFound, $"org {c.OrgId:N} was left"),
            OrgAlreadyExistsException x => new Status(StatusCode.AlreadyExists, x.Message),
            OrgNameTakenException t => new Status(StatusCode.AlreadyExists, t.Message),
            CrdtFormatException f => new Status(StatusCode.InvalidArgument, $"update: {f.Message}"),
            // DATA_LOSS ("unrecoverable data loss or corruption", grpc/doc/statuscodes.md): retrying cannot help,
            // a repair can. The message names the org, the damaged file and RocksDB's words.
            StoreDamagedException d => new Status(StatusCode.DataLoss, d.Message),
            StoreCorruptionException c => new Status(StatusCode.DataLoss, c.Message),
            ArgumentException a => new Status(StatusCode.InvalidArgument, FieldMessage(a)),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => new Status(StatusCode.Cancelled, "the call was cancelled"),
            _ => null,
        };
        if (status is null)
        {
            NodeLog.CallFailed(_logger, context.Method, e);
            status = new Status(StatusCode.Internal, "the node failed to handle the call; see its log");
        }

        return new RpcException(status.Value);
    }

    /// <summary>The store names a field by its C# property ("Name"); callers know it by its proto name ("name").</summary>
    private static string FieldMessage(ArgumentException e)
    {
        var message = e.ParamName is { } param ? e.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : e.Message;
        return e.ParamName is { Length: > 0 } field ? $"{ToSnakeCase(field)}: {message}" : message;
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
