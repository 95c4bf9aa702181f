using System.Buffers.Binary;

namespace ProRT.Protocols.Services;

/// <summary>
/// Reads the authoritative engine ID out of an SNMPv3 report (the answer to nmap's SNMPv3GetRequest probe), whose
/// first four bytes name the vendor by its IANA enterprise number. nmap's -sV reports it, through its snmp-info
/// script, as "net-snmp SNMPv3 server".
/// </summary>
public static class SnmpEngineId
{
    /// <summary>msgID of nmap's SNMPv3GetRequest probe, echoed by the agent.</summary>
    public const int ProbeMessageId = 0x4a69;

    /// <summary>The enterprise number of the engine that sent <paramref name="response"/>, when it is an SNMPv3 report to our
    /// probe using the user-based security model; false for anything else, including malformed or hostile data.</summary>
    /// <param name="response">A UDP payload.</param>
    /// <param name="enterprise">IANA enterprise number (the high "format" bit removed).</param>
    /// <returns>True when an engine ID was found.</returns>
    public static bool TryReadEnterprise(ReadOnlySpan<byte> response, out uint enterprise)
    {
        enterprise = 0;
        var message = response;
        if (!Enter(ref message, 0x30, out var body)) return false;
        if (!ReadInteger(ref body, out long version) || version != 3) return false;
        if (!Enter(ref body, 0x30, out var global)) return false;
        if (!ReadInteger(ref global, out long id) || id != ProbeMessageId) return false;
        if (!ReadInteger(ref global, out _)) return false; // msgMaxSize
        if (!Enter(ref global, 0x04, out _)) return false; // msgFlags
        if (!ReadInteger(ref global, out long model) || model != 3) return false; // user-based security model
        if (!Enter(ref body, 0x04, out var security)) return false;
        if (!Enter(ref security, 0x30, out var usm)) return false;
        if (!Enter(ref usm, 0x04, out var engineId) || engineId.Length < 4) return false;
        enterprise = BinaryPrimitives.ReadUInt32BigEndian(engineId) & 0x7fffffff;
        return true;
    }

    /// <summary>Takes one BER element with <paramref name="tag"/> off the front of <paramref name="data"/>.</summary>
    private static bool Enter(ref ReadOnlySpan<byte> data, byte tag, out ReadOnlySpan<byte> content)
    {
        content = default;
        if (data.Length < 2 || data[0] != tag) return false;
        int length = data[1], header = 2;
        if (length >= 0x80)
        {
            int bytes = length & 0x7f;
            if (bytes is 0 or > 3 || data.Length < 2 + bytes) return false;
            length = 0;
            for (int i = 0; i < bytes; i++) length = length << 8 | data[2 + i];
            header += bytes;
        }
        if (data.Length - header < length) return false;
        content = data.Slice(header, length);
        data = data[(header + length)..];
        return true;
    }

    private static bool ReadInteger(ref ReadOnlySpan<byte> data, out long value)
    {
        value = 0;
        if (!Enter(ref data, 0x02, out var bytes) || bytes.Length is 0 or > 8) return false;
        foreach (byte b in bytes) value = value << 8 | b;
        return true;
    }
}
