using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// A raw port-scan technique, in the manner of zmap's probe modules: how a reply (or silence) maps to nmap's port
/// state and reason. The engine around it owns sending, matching and timing.
/// </summary>
public interface IPortScanTechnique
{
    /// <summary>nmap's name in "SYN Stealth Scan Timing" and the XML scaninfo.</summary>
    string Name { get; }

    /// <summary>The state of a port whose probes all went unanswered, and nmap's reason for it.</summary>
    (PortState State, string Reason) Silence { get; }

    /// <summary>The state a reply means, or null when this reply says nothing about the port.</summary>
    (PortState State, string Reason)? Classify(in ProbeReply reply);
}
