using Authz.Api.Bench.V1;
using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Gateway.Services;

/// <summary>The transport ceiling the load tool compares <see cref="ChecksService"/> with: same messages, no work.</summary>
public sealed class NullChecksService : NullChecks.NullChecksBase
{
    public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context) => Task.FromResult(new CheckResponse());

    public override Task<CheckBatchResponse> CheckBatch(CheckBatchRequest request, ServerCallContext context)
    {
        var response = new CheckBatchResponse();
        for (var i = 0; i < request.Items.Count; i++)
        {
            response.Results.Add(new CheckBatchResult());
        }

        return Task.FromResult(response);
    }
}
