using Authz.Api.V1;
using Authz.Gateway;
using BenchmarkDotNet.Attributes;

namespace Authz.Micro;

/// <summary>
/// What <see cref="RequestValidationInterceptor"/> adds to every call: the declared-bounds check of a Check request (the
/// hot path) and of a 100-item CheckBatch. Measured: 57 ns without allocating, and 11 µs; ProtoValidate alone took 122 µs
/// (135 KB) and 7.6 ms (8 MB).
/// </summary>
[MemoryDiagnoser]
public class RequestValidation
{
    private readonly CheckRequest _check = new()
    {
        OrganizationId = "t42", UserId = Workload.UserId(7), UnitId = "hq", PermissionId = Workload.PermissionId(2),
    };

    private readonly CheckBatchRequest _batch = new()
    {
        OrganizationId = "t42",
        Items = { Enumerable.Range(0, 100).Select(i => new CheckBatchItem { UserId = Workload.UserId(i), UnitId = "hq", PermissionId = Workload.PermissionId(i % 10) }) },
    };

    [Benchmark]
    public void Check() => RequestValidationInterceptor.Validate(_check);

    [Benchmark]
    public void CheckBatchOf100() => RequestValidationInterceptor.Validate(_batch);
}
