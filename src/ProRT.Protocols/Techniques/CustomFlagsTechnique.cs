using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// --scanflags: probes carry the given flags and replies are read by the rules of the base technique (-sS unless
/// another scan type is given), as nmap does.
/// </summary>
/// <param name="rules">The technique whose rules read the replies.</param>
/// <param name="flags">The flags every probe carries.</param>
public sealed class CustomFlagsTechnique(ITcpScanTechnique rules, TcpFlags flags) : ITcpScanTechnique
{
    /// <summary>The base technique's name.</summary>
    public string Name => rules.Name;

    /// <summary>The flags given to --scanflags.</summary>
    public TcpFlags ProbeFlags => flags;

    /// <summary>The base technique's state for silence.</summary>
    public (PortState State, string Reason) Silence => rules.Silence;

    /// <summary>Reads the reply by the base technique's rules.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => rules.Classify(reply);

    /// <summary>nmap's --scanflags syntax: a number (9, 0x12) or flag names run together ("URGACKPSHRSTSYNFIN").</summary>
    public static bool TryParseFlags(string text, out TcpFlags flags)
    {
        flags = 0;
        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? byte.TryParse(t[2..], System.Globalization.NumberStyles.HexNumber, null, out var hex)
                : byte.TryParse(t, out hex))
        {
            flags = (TcpFlags)hex;
            return true;
        }
        var names = new (string Name, TcpFlags Flag)[]
        {
            ("URG", TcpFlags.Urg), ("ACK", TcpFlags.Ack), ("PSH", TcpFlags.Psh), ("RST", TcpFlags.Rst),
            ("SYN", TcpFlags.Syn), ("FIN", TcpFlags.Fin), ("ECE", TcpFlags.Ece), ("CWR", TcpFlags.Cwr),
        };
        var rest = t.ToUpperInvariant();
        while (rest.Length > 0)
        {
            var match = names.FirstOrDefault(n => rest.StartsWith(n.Name, StringComparison.Ordinal));
            if (match.Name is null) return false;
            flags |= match.Flag;
            rest = rest[match.Name.Length..];
        }
        return t.Length > 0;
    }
}
