using System.Buffers.Binary;
using System.Diagnostics;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>--packet-trace: one line per packet sent and received, shaped like nmap's.</summary>
/// <param name="writer">Where the lines go; written under a lock, so senders on several threads may share it.</param>
public sealed class PacketTrace(TextWriter writer)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();

    /// <summary>Traces a frame we sent; the IPv4 header starts at <paramref name="linkHeaderLength"/>.</summary>
    public void Sent(ReadOnlySpan<byte> frame, int linkHeaderLength) => Write("SENT", frame, linkHeaderLength);

    /// <summary>Traces a frame we received; the IPv4 header starts at <paramref name="linkHeaderLength"/>.</summary>
    public void Received(ReadOnlySpan<byte> frame, int linkHeaderLength) => Write("RCVD", frame, linkHeaderLength);

    private void Write(string direction, ReadOnlySpan<byte> frame, int link)
    {
        if (frame.Length < link + 20) return;
        var ip = frame[link..];
        int ihl = (ip[0] & 0xF) * 4;
        string src = Ipv4.Format(BinaryPrimitives.ReadUInt32BigEndian(ip[12..])), dst = Ipv4.Format(BinaryPrimitives.ReadUInt32BigEndian(ip[16..]));
        byte ttl = ip[8];
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        string line;
        if (ip[9] == 6 && ip.Length >= ihl + 20)
        {
            var tcp = ip[ihl..];
            var flags = (TcpFlags)tcp[13];
            line = $"{direction} ({_clock.Elapsed.TotalSeconds:0.0000}s) TCP {src}:{BinaryPrimitives.ReadUInt16BigEndian(tcp)} > " +
                   $"{dst}:{BinaryPrimitives.ReadUInt16BigEndian(tcp[2..])} {FlagLetters(flags)} ttl={ttl} id={id} " +
                   $"seq={BinaryPrimitives.ReadUInt32BigEndian(tcp[4..])} win={BinaryPrimitives.ReadUInt16BigEndian(tcp[14..])}";
        }
        else if (ip[9] == 1 && ip.Length >= ihl + 2)
            line = $"{direction} ({_clock.Elapsed.TotalSeconds:0.0000}s) ICMP [{src} > {dst} type={ip[ihl]}/code={ip[ihl + 1]}] ttl={ttl} id={id}";
        else
            line = $"{direction} ({_clock.Elapsed.TotalSeconds:0.0000}s) IP {src} > {dst} proto={ip[9]} ttl={ttl}";
        lock (_gate) writer.WriteLine(line);
    }

    private static string FlagLetters(TcpFlags f)
    {
        var s = "";
        if (f.HasFlag(TcpFlags.Fin)) s += "F";
        if (f.HasFlag(TcpFlags.Syn)) s += "S";
        if (f.HasFlag(TcpFlags.Rst)) s += "R";
        if (f.HasFlag(TcpFlags.Psh)) s += "P";
        if (f.HasFlag(TcpFlags.Ack)) s += "A";
        if (f.HasFlag(TcpFlags.Urg)) s += "U";
        if (f.HasFlag(TcpFlags.Ece)) s += "E";
        if (f.HasFlag(TcpFlags.Cwr)) s += "C";
        return s.Length == 0 ? "NONE" : s;
    }
}
