using ProRT.Actors.Results;
using ProRT.Protocols.Output;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>
/// -oJ: the specification's JSON report, written when the scan completes; when it stops early, the hosts finished
/// so far are written with a null end_time, so the file is always a whole JSON document. The header comes first in
/// the document and its end time is known last, so finished hosts wait in a temporary file (deleted on close), as
/// JSON already, in the order they finished (the file has no name once open): memory stays flat however many hosts the scan has.
/// </summary>
public sealed class JsonOutputSink(Func<Stream> open) : IResultSink, IDisposable
{
    private FileStream? _spool;
    private ScanInfo? _info;
    private long _hosts, _up, _ports, _open;
    private bool _written;

    /// <summary>A report the user asked for: failing to write it stops the scan (it can be resumed).</summary>
    public bool Required => true;

    public string Name => "JSON output";

    public void OnScanStarted(ScanInfo info)
    {
        _info = info;
        _spool?.Dispose();
        var path = Path.Combine(Path.GetTempPath(), $"prtip-{Guid.NewGuid():N}.json.part");
        _spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        File.Delete(path); // the open handle keeps it: nothing is left behind, even by a killed scan
        _hosts = _up = _ports = _open = 0;
    }

    public void OnHost(HostResult host)
    {
        var fragment = JsonReportWriter.HostFragment(host);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, fragment.Length);
        _spool!.Write(length);
        _spool.Write(fragment);
        _hosts++;
        if (host.State == HostState.Up) _up++;
        _ports += host.Ports.Count;
        foreach (var p in host.Ports)
            if (p.State == PortState.Open) _open++;
    }

    public void OnScanCompleted(ScanReport report) => Write(report.Info, report.Statistics);

    public void OnScanAborted(Exception reason)
    {
        if (_written || _info is null) return;
        Write(_info with { EndTime = null }, new ScanStatistics(_hosts, _up, _ports, _open, DateTimeOffset.UtcNow - _info.StartTime));
    }

    private void Write(ScanInfo info, ScanStatistics statistics)
    {
        _written = true;
        using var stream = open();
        JsonReportWriter.Write(stream, info, Spooled(), statistics);
        stream.WriteByte((byte)'\n');
        Dispose();
    }

    private IEnumerable<ReadOnlyMemory<byte>> Spooled()
    {
        if (_spool is null) yield break;
        _spool.Flush();
        _spool.Position = 0;
        var length = new byte[4];
        var buffer = Array.Empty<byte>();
        while (_spool.Position < _spool.Length)
        {
            _spool.ReadExactly(length);
            int n = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(length);
            if (buffer.Length < n) buffer = new byte[Math.Max(n, buffer.Length * 2)];
            _spool.ReadExactly(buffer, 0, n);
            yield return buffer.AsMemory(0, n);
        }
    }

    /// <summary>Closes (and so frees) the temporary file of finished hosts.</summary>
    public void Dispose()
    {
        _spool?.Dispose();
        _spool = null;
    }
}
