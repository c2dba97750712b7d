using System.Net;
using System.Net.Sockets;

namespace Authz.Gateway.Security;

/// <summary>
/// Where a call comes from, as rate limits and the aggregated audit of refusals count it: the remote IPv4 address,
/// or the /64 network of an IPv6 one (a single host usually holds a whole /64).
/// </summary>
public static class CallerSource
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress is { } address ? Describe(address) : "unknown";

    public static string Describe(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
