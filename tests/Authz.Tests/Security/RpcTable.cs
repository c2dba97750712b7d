using System.Reflection;
using Authz.Api.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Authz.Tests.Security;

/// <summary>Every RPC of the public API, callable with a request built from a few well-known ids.</summary>
public static class RpcTable
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        OrganizationsReflection.Descriptor.Services[0], UnitsReflection.Descriptor.Services[0], UsersReflection.Descriptor.Services[0],
        PermissionsReflection.Descriptor.Services[0], RolesReflection.Descriptor.Services[0], AssignmentsReflection.Descriptor.Services[0],
        ChecksReflection.Descriptor.Services[0], SessionsReflection.Descriptor.Services[0], AdministratorsReflection.Descriptor.Services[0],
        ApiKeysReflection.Descriptor.Services[0], AuditReflection.Descriptor.Services[0], TeamFoldersReflection.Descriptor.Services[0],
        LegalHoldsReflection.Descriptor.Services[0], BillingReflection.Descriptor.Services[0], ReportsReflection.Descriptor.Services[0],
    ];

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(service => service.Methods);

    /// <summary>A request whose id fields are set by name: organization_id, user_id, unit_id, role_id, key_id, ...</summary>
    public static IMessage Request(MethodDescriptor method, IReadOnlyDictionary<string, string> ids)
    {
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        foreach (var field in method.InputType.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String && ids.TryGetValue(field.Name, out var id))
            {
                if (field.IsRepeated)
                {
                    ((System.Collections.IList)field.Accessor.GetValue(request)).Add(id);
                }
                else
                {
                    field.Accessor.SetValue(request, id);
                }
            }
        }

        return request;
    }

    /// <summary>Calls the method and answers the status it ended with (OK when it succeeded).</summary>
    public static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request)
    {
        var call = typeof(RpcTable).GetMethod(nameof(UnaryAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType);
        return await Rpc.StatusAsync(() => (Task)call.Invoke(null, [invoker, method, request])!);
    }

    /// <summary>Calls the method and answers the error it ended with, or null when it succeeded.</summary>
    public static async Task<RpcException?> ErrorAsync(CallInvoker invoker, MethodDescriptor method, IMessage request)
    {
        var call = typeof(RpcTable).GetMethod(nameof(UnaryAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType);
        try
        {
            await (Task)call.Invoke(null, [invoker, method, request])!;
            return null;
        }
        catch (RpcException error)
        {
            return error;
        }
    }

    /// <summary>The message's bytes followed by a length-delimited field <paramref name="fieldNumber"/> holding <paramref name="raw"/>: the last value wins.</summary>
    public static byte[] WithRawString(IMessage message, int fieldNumber, byte[] raw)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        message.WriteTo(output);
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(raw));
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>Calls the method with a request body as bytes, whatever they hold; answers the status it ended with.</summary>
    public static Task<StatusCode> CallRawAsync(CallInvoker invoker, MethodDescriptor descriptor, byte[] body) => Rpc.StatusAsync(async () =>
    {
        var bytes = Marshallers.Create(message => message, message => message);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        if (descriptor.IsServerStreaming)
        {
            using var stream = invoker.AsyncServerStreamingCall(
                new Method<byte[], byte[]>(MethodType.ServerStreaming, descriptor.Service.FullName, descriptor.Name, bytes, bytes), null, options, body);
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }
        else
        {
            await invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, descriptor.Service.FullName, descriptor.Name, bytes, bytes), null, options, body);
        }
    });

    private static async Task UnaryAsync<TRequest, TResponse>(CallInvoker invoker, MethodDescriptor descriptor, TRequest request)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(
            descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            descriptor.Service.FullName, descriptor.Name,
            Marshallers.Create(message => message.ToByteArray(), bytes => new MessageParser<TRequest>(() => new TRequest()).ParseFrom(bytes)),
            Marshallers.Create(message => message.ToByteArray(), bytes => new MessageParser<TResponse>(() => new TResponse()).ParseFrom(bytes)));
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        if (descriptor.IsServerStreaming)
        {
            using var stream = invoker.AsyncServerStreamingCall(method, null, options, request);
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }
        else
        {
            await invoker.AsyncUnaryCall(method, null, options, request);
        }
    }
}
