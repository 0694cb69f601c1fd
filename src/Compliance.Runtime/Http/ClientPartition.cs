using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Compliance.Runtime.Http;

/// <summary>
/// Who a request counts against: the authenticated user's id, else the client's network. One
/// IPv6 client usually holds a whole /64 (and can pick any address in it), so IPv6 clients are
/// grouped by prefix; IPv4 clients (and IPv4-mapped IPv6) by address.
/// </summary>
internal static class ClientPartition
{
    public const int DefaultIPv6PrefixLength = 64;

    public static string Of(HttpContext context, int ipv6PrefixLength = DefaultIPv6PrefixLength)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && (user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value) is { Length: > 0 } id)
        {
            return "user:" + id;
        }

        return Network(context.Connection.RemoteIpAddress, ipv6PrefixLength);
    }

    /// <summary>"ip:" and the IPv4 address, or the IPv6 network of <paramref name="prefixLength"/> bits in CIDR form.</summary>
    public static string Network(IPAddress? address, int prefixLength)
    {
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || prefixLength >= 128)
        {
            return "ip:" + address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var prefix = Math.Clamp(prefixLength, 0, 128);
        for (var bit = prefix; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return "ip:" + new IPAddress(bytes) + "/" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
