using System.Net;
using System.Net.Sockets;

namespace ProRT.Protocols.Targets;

/// <summary>IPv4 addresses as host-order integers, the form every range and permutation works on.</summary>
public static class Ipv4
{
    /// <summary>The host-order integer of an IPv4 address; throws for other address families.</summary>
    public static uint ToUInt32(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    /// <summary>The <see cref="IPAddress"/> of a host-order integer.</summary>
    public static IPAddress ToAddress(uint value) =>
        new(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });

    /// <summary>Dotted-quad text of a host-order integer, without allocating an <see cref="IPAddress"/>.</summary>
    public static string Format(uint value) =>
        $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}";

    /// <summary>Parses strict dotted-quad notation only (no "10.1" shorthands, no leading signs).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        uint result = 0;
        int octets = 0;
        while (true)
        {
            int digits = 0, octet = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                octet = octet * 10 + (text[digits] - '0');
                if (++digits > 3) return false;
            }
            if (digits == 0 || octet > 255) return false;
            result = result << 8 | (uint)octet;
            octets++;
            text = text[digits..];
            if (octets == 4)
            {
                if (!text.IsEmpty) return false;
                value = result;
                return true;
            }
            if (text.IsEmpty || text[0] != '.') return false;
            text = text[1..];
        }
    }
}
