using System.Globalization;
using ProRT.Actors.Plugins;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Plugins.Csv;

/// <summary>
/// Writes each open port to a CSV file as soon as it is found (RFC 4180 quoting, flushed per row, so a crash keeps
/// what was written): ip,port,protocol,state,reason,service,product,version,response_time_ms,found_at.
/// Setting: file=PATH (default prtip-open-ports.csv). Use: prtip --plugin ProRT.Plugins.Csv.dll --plugin-arg file=open.csv
/// </summary>
public sealed class CsvExportPlugin : IScanPlugin
{
    public const string Header = "ip,port,protocol,state,reason,service,product,version,response_time_ms,found_at";

    private StreamWriter? _writer;

    public string Name => "csv";

    public void Initialize(PluginConfig config)
    {
        _writer = new StreamWriter(config.Get("file", "prtip-open-ports.csv"), append: false) { NewLine = "\r\n" };
        _writer.WriteLine(Header);
        _writer.Flush();
    }

    public void OnPortDiscovered(ScanResult r)
    {
        if (_writer is null) throw new InvalidOperationException("not initialized");
        _writer.WriteLine(string.Join(',',
            Field(r.Target.ToString()), r.Port.ToString(CultureInfo.InvariantCulture), r.Protocol == Protocol.Tcp ? "tcp" : "udp",
            Field(r.State.ToNmap()), Field(r.Reason), Field(r.Service?.Name), Field(r.Service?.Product), Field(r.Service?.Version),
            Math.Round(r.ResponseTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            r.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        _writer.Flush();
    }

    public void OnScanComplete(ScanReport report) => _writer?.Flush();

    public void Cleanup()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. Null is empty.</summary>
    public static string Field(string? value) =>
        value is null ? ""
        : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\""
        : value;
}
