using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace P2PClinic.Host.Api;

/// <summary>Registration of <see cref="RequestCheckingServiceMethodProvider{TService}"/>.</summary>
internal static class RequestChecking
{
    /// <summary>Replaces grpc-dotnet's binder provider, so every service the node maps is bound by the checking one.</summary>
    public static IGrpcServerBuilder CheckRequestMessages(this IGrpcServerBuilder builder)
    {
        var services = builder.Services;
        var replaced = services.RemoveAll(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true);
        if (!replaced)
        {
            // A grpc-dotnet that registers its binder differently: fail at start, not with UNKNOWN on a bad request.
            throw new InvalidOperationException("grpc-dotnet's BinderServiceMethodProvider was not found to replace");
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(RequestCheckingServiceMethodProvider<>)));
        return builder;
    }

    private static bool RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        var found = services.Where(match).ToList();
        foreach (var descriptor in found)
        {
            services.Remove(descriptor);
        }

        return found.Count > 0;
    }
}

/// <summary>
/// Binds gRPC services exactly as grpc-dotnet's own binder does (the generated <c>BindService</c> method named by the
/// service's <see cref="BindServiceMethodAttribute"/>), except that each request deserializer answers bytes that are
/// not the request message with INVALID_ARGUMENT. grpc-dotnet deserializes a request before any interceptor runs and
/// reports a parse failure as UNKNOWN ("Exception was thrown by handler") with an Error log and a stack trace; a
/// client that sent a broken message should instead learn that its request is invalid, and the node's log should say
/// so in one line.
/// </summary>
internal sealed partial class RequestCheckingServiceMethodProvider<[DynamicallyAccessedMembers(ServiceAccessibility)] TService> : IServiceMethodProvider<TService>
    where TService : class
{
    private readonly ILogger _logger;

    public RequestCheckingServiceMethodProvider(ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger("P2PClinic.Host.Api");
    }

    private const DynamicallyAccessedMemberTypes ServiceAccessibility = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (FindBindMethod() is not { } bind)
        {
            return;
        }

        try
        {
            bind.Method.Invoke(null, [new Binder(context, bind.DeclaringType, _logger), null]);
        }
        catch (TargetInvocationException e)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", e.InnerException ?? e);
        }
    }

    private static (MethodInfo Method, Type DeclaringType)? FindBindMethod()
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                var method = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
                return method is null ? null : (method, type);
            }
        }

        return null;
    }

    /// <summary>grpc-dotnet's ProviderServiceBinder, with the request marshaller wrapped.</summary>
    [LoggerMessage(40, LogLevel.Information, "Refused a call to {Method}: the request is not a valid {Message} message ({Reason})")]
    private static partial void InvalidRequest(ILogger logger, string method, string message, string reason);

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Checked(method), Metadata(out var handlerMethod, method.Name, typeof(TRequest), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Checked(method), Metadata(out var handlerMethod, method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Checked(method), Metadata(out var handlerMethod, method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Checked(method), Metadata(out var handlerMethod, method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());

        private Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var deserialize = method.RequestMarshaller.ContextualDeserializer;
            var marshaller = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
            {
                try
                {
                    return deserialize(context);
                }
                catch (InvalidProtocolBufferException e)
                {
                    InvalidRequest(logger, method.FullName, typeof(TRequest).Name, e.Message);
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(TRequest).Name} message ({e.Message})"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>The service's override of the generated method, and the endpoint metadata grpc-dotnet gives it.</summary>
        private List<object> Metadata(out MethodInfo handlerMethod, string name, params Type[] parameters)
        {
            handlerMethod = FindOverride(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            return
            [
                .. typeof(TService).GetCustomAttributes(inherit: true),
                .. handlerMethod.GetCustomAttributes(inherit: true),
                new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
            ];
        }

        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
                if (method is null)
                {
                    return null;
                }

                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == declaringType)
                {
                    return method;
                }
            }

            return null;
        }
    }
}
