using System.Collections.Concurrent;
using Authz.Api.V1;
using Authz.Load;
using Grpc.Core;

namespace Authz.Tests.Load;

/// <summary>A service that refuses some calls leaves tenants failed and counted; the load goes on with the others.</summary>
public sealed class TenantLoaderTests
{
    [Fact]
    public async Task A_tenant_answered_unavailable_is_counted_as_failed_and_the_other_tenants_load()
    {
        var workload = Authz.Load.Workload.Workload.Generate(3);
        var refused = workload.Tenants[1].OrganizationId;
        var invoker = new RefusingInvoker(request => request is CreateOrganizationRequest { OrganizationId: var id } && id == refused);

        var result = await new TenantLoader(invoker, []).LoadAsync(workload, CancellationToken.None);

        Assert.Equal(1, result.FailedTenants);
        Assert.Equal(StatusCode.Unavailable, result.FirstFailure?.StatusCode);
        Assert.Equal("storage is unavailable", result.FirstFailure?.Detail);
        Assert.Contains(invoker.Accepted, request => request is AssignRolesRequest { OrganizationId: var id } && id == workload.Tenants[2].OrganizationId);
        Assert.DoesNotContain(invoker.Accepted, request => request is CreateUserRequest { OrganizationId: var id } && id == refused);
    }

    /// <summary>Answers UNAVAILABLE to the requests <paramref name="refuses"/> picks and an empty reply to the others.</summary>
    private sealed class RefusingInvoker(Func<object, bool> refuses) : CallInvoker
    {
        private readonly ConcurrentQueue<object> _accepted = new();

        public IEnumerable<object> Accepted => _accepted;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Task<TResponse> reply;
            if (refuses(request))
            {
                reply = Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unavailable, "storage is unavailable")));
            }
            else
            {
                _accepted.Enqueue(request);
                reply = Task.FromResult(Activator.CreateInstance<TResponse>());
            }

            return new AsyncUnaryCall<TResponse>(reply, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }
}
