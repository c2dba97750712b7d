using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Authz.Gateway.Parsing;

/// <summary>
/// Binds each gRPC service's methods as Grpc.AspNetCore's own binder does, except that requests are parsed by
/// <see cref="ParsingServiceBinder{TService}"/>'s marshallers, which answer a malformed request with INVALID_ARGUMENT.
/// </summary>
public sealed class ParsingServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                var bind = attribute.BindType.GetMethod(
                    attribute.BindMethodName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(ServiceBinderBase), type])
                    ?? throw new InvalidOperationException($"{attribute.BindType} has no {attribute.BindMethodName}(ServiceBinderBase, {type.Name})");
                bind.Invoke(null, [new ParsingServiceBinder<TService>(context), null]);
                return;
            }
        }
    }
}

public static class ParsingServiceCollectionExtensions
{
    /// <summary>
    /// Replaces Grpc.AspNetCore's binder with <see cref="ParsingServiceMethodProvider{TService}"/>. Call after every
    /// <c>AddGrpc*</c>: each of them adds the default binder back.
    /// </summary>
    public static IServiceCollection AddMalformedRequestRefusal(this IServiceCollection services)
    {
        services.Remove(services.Single(service =>
            service.ServiceType == typeof(IServiceMethodProvider<>) && service.ImplementationType?.Name == "BinderServiceMethodProvider`1"));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParsingServiceMethodProvider<>));
        return services;
    }
}
