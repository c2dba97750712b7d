using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ProtoValidate;
using Status = Google.Rpc.Status;

namespace Authz.Gateway;

/// <summary>
/// Refuses a request that breaks a rule its proto declares (<c>buf.validate</c>: string lengths, item counts) with
/// INVALID_ARGUMENT and a <c>google.rpc.BadRequest</c> naming the field, before any service reads it. The contract's
/// bounds are the first, cheap check; the domain still decides every rule of substance. Size rules alone are checked
/// by <see cref="DeclaredSizeRules"/>; a request declaring any other rule goes to ProtoValidate.
/// </summary>
public sealed class RequestValidationInterceptor : Interceptor
{
    // Compiled once from every file of the API, so no call pays for building a message's rules.
    private static readonly Validator Validator = new(new ValidatorOptions
    {
        PreLoadDescriptors = true,
        FileDescriptors = ApiFiles(),
    });

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Validate(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Validate(request);
        return continuation(request, responseStream, context);
    }

    /// <summary>Throws INVALID_ARGUMENT naming the first field of <paramref name="request"/> that breaks its declared rules.</summary>
    public static void Validate(object request)
    {
        if (request is not IMessage message)
        {
            return;
        }

        var sizes = DeclaredSizeRules.For(message.Descriptor);
        if ((sizes.IsComplete ? sizes.FirstViolation(message) : FirstViolation(message)) is not var (field, description))
        {
            return;
        }

        var status = new Status { Code = (int)StatusCode.InvalidArgument, Message = $"{field}: {description}" };
        status.Details.Add(Any.Pack(new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } },
        }));
        throw status.ToRpcException();
    }

    private static (string Field, string Message)? FirstViolation(IMessage message) =>
        Validator.Validate(message, failFast: true) is { IsSuccess: false } result
            ? (result.Violations[0].Field.GetPath(), result.Violations[0].Message)
            : null;

    private static List<FileDescriptor> ApiFiles() =>
        [.. typeof(Api.V1.ChecksReflection).Assembly.GetTypes()
            .Where(type => type.Namespace?.StartsWith("Authz.Api", StringComparison.Ordinal) == true && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => (FileDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!)];
}
