using Grpc.Core;

namespace Authz.Load;

/// <summary>What loading the workload took: calls made, tenants the service refused a call for, and the first refusal.</summary>
public sealed record LoadResult(TimeSpan Elapsed, long Calls, long FailedTenants, Status? FirstFailure);
