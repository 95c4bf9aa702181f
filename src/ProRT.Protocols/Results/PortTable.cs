using System.Collections;
using System.Net;
using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Results;

/// <summary>
/// One host's results for a list of ports of one protocol, 15 bytes a port instead of a <see cref="ScanResult"/>
/// object each (a full-range host is about 1 MB, not 7): the probe trackers fill it as ports resolve, and a finished
/// host carries it as its <see cref="HostResult.Ports"/>. Reading an item makes its <see cref="ScanResult"/> then.
/// Only results without a service or banner are kept this way; those come from service detection, as new objects.
/// </summary>
public sealed class PortTable : IReadOnlyList<ScanResult>
{
    private readonly IPAddress _target;
    private readonly Protocol _protocol;
    private readonly ushort[] _ports;
    private readonly byte[] _state; // 0 while unresolved, else the PortState plus one
    private readonly byte[] _reason; // index into _reasons
    private readonly byte[] _ttl; // 0 for none (no reply carries TTL 0)
    private readonly int[] _rttMicroseconds;
    private readonly long[] _utcTicks;
    private readonly List<string> _reasons = new();

    /// <summary>A table for <paramref name="ports"/> of <paramref name="target"/>, all unresolved.</summary>
    public PortTable(IPAddress target, Protocol protocol, ushort[] ports)
    {
        _target = target;
        _protocol = protocol;
        _ports = ports;
        _state = new byte[ports.Length];
        _reason = new byte[ports.Length];
        _ttl = new byte[ports.Length];
        _rttMicroseconds = new int[ports.Length];
        _utcTicks = new long[ports.Length];
    }

    /// <summary>How many ports the table has, resolved or not.</summary>
    public int Count => _ports.Length;

    /// <summary>True once the port at <paramref name="index"/> has its result.</summary>
    public bool Has(int index) => _state[index] != 0;

    /// <summary>Records the result of the port at <paramref name="index"/> and returns it as a <see cref="ScanResult"/>.</summary>
    public ScanResult Set(int index, PortState state, string reason, TimeSpan responseTime, DateTimeOffset at, byte? ttl)
    {
        int r = _reasons.IndexOf(reason);
        if (r < 0)
        {
            if (_reasons.Count == byte.MaxValue + 1) throw new InvalidOperationException("too many distinct reasons for one host");
            _reasons.Add(reason);
            r = _reasons.Count - 1;
        }
        _state[index] = (byte)(state + 1);
        _reason[index] = (byte)r;
        _ttl[index] = ttl ?? 0;
        _rttMicroseconds[index] = (int)Math.Clamp(responseTime.Ticks / 10, 0, int.MaxValue);
        _utcTicks[index] = at.UtcTicks;
        return this[index];
    }

    /// <summary>The result of the port at <paramref name="index"/>, made now; throws while it is unresolved.</summary>
    public ScanResult this[int index] => _state[index] == 0
        ? throw new InvalidOperationException($"port {_ports[index]} has no result yet")
        : new ScanResult(_target, _ports[index], _protocol, (PortState)(_state[index] - 1), _reasons[_reason[index]],
            TimeSpan.FromTicks(_rttMicroseconds[index] * 10L), new DateTimeOffset(_utcTicks[index], TimeSpan.Zero),
            ReasonTtl: _ttl[index] == 0 ? null : _ttl[index]);

    /// <summary>Every result, in the table's port order.</summary>
    public IEnumerator<ScanResult> GetEnumerator()
    {
        for (int i = 0; i < _ports.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
