using Grpc.Core;

namespace Authz.Tests.Security;

public static class Rpc
{
    /// <summary>The status a call ended with: OK when it succeeded.</summary>
    public static async Task<StatusCode> StatusAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}
