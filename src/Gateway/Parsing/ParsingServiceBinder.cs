using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Authz.Gateway.Parsing;

/// <summary>
/// Adds a service's methods to Grpc.AspNetCore with a request marshaller that turns a parse failure (a string field
/// holding invalid UTF-8, a truncated field) into INVALID_ARGUMENT. Requests are parsed before any interceptor runs,
/// so <see cref="DomainErrorInterceptor"/> never sees the failure; left alone, Grpc.AspNetCore answers it UNKNOWN.
/// </summary>
public sealed class ParsingServiceBinder<TService>(ServiceMethodProviderContext<TService> context) : ServiceBinderBase where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(Parsing(method), metadata, invoker);
    }

    private static Method<TRequest, TResponse> Parsing<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var deserialize = method.RequestMarshaller.ContextualDeserializer;
        var requests = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, payload =>
        {
            try
            {
                return deserialize(payload);
            }
            catch (InvalidProtocolBufferException error)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"the request is not a valid {typeof(TRequest).Name}: {error.Message}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }

    /// <summary>The service's implementation of the method, and its endpoint metadata, as Grpc.AspNetCore gathers them.</summary>
    private static (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
    {
        var implementation = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService)} has no method {name}");
        List<object> metadata =
        [
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. implementation.GetCustomAttributes(inherit: true),
            new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
        ];
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation), metadata);
    }
}
