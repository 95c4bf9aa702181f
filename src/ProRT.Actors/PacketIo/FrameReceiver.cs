using SharpPcap;
using SharpPcap.LibPcap;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// Captures replies on one interface with pcap: immediate mode (no buffering delay), a BPF filter that admits only
/// what could answer our probes, and SharpPcap's dedicated capture thread, which hands each frame, in place, to a
/// callback. Stopping breaks pcap's loop, so no thread is left waiting for a frame that never comes.
/// </summary>
public sealed class FrameReceiver : IDisposable
{
    /// <summary>Called on the capture thread with a frame that is valid only during the call.</summary>
    public delegate void FrameHandler(ReadOnlySpan<byte> frame, long timestampTicks);

    private readonly LibPcapLiveDevice _device;
    private readonly FrameHandler _onFrame;
    private bool _disposed;

    public FrameReceiver(string interfaceName, string filter, FrameHandler onFrame)
    {
        _onFrame = onFrame;
        _device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName)
                  ?? throw new IOException($"pcap cannot see interface {interfaceName}");
        _device.Open(new DeviceConfiguration
        {
            Mode = DeviceModes.None,
            Immediate = true,
            ReadTimeout = 10,
            Snaplen = 256,
            BufferSize = 64 << 20,
        });
        try
        {
            _device.Filter = filter;
        }
        catch (Exception e)
        {
            _device.Close();
            throw new IOException($"pcap rejected the filter '{filter}': {e.Message}", e);
        }
        _device.OnPacketArrival += OnPacketArrival;
    }

    public void Start() => _device.StartCapture();

    /// <summary>Frames pcap saw, and how many it (or the interface) dropped: drops mean missed replies.</summary>
    public (long Received, long Dropped, long InterfaceDropped) Statistics()
    {
        var s = _device.Statistics;
        return s is null ? (0, 0, 0) : (s.ReceivedPackets, s.DroppedPackets, s.InterfaceDroppedPackets);
    }

    private void OnPacketArrival(object sender, PacketCapture capture)
    {
        var t = capture.Header.Timeval;
        _onFrame(capture.Data, (long)t.Seconds * TimeSpan.TicksPerSecond + (long)t.MicroSeconds * 10);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _device.OnPacketArrival -= OnPacketArrival;
        _device.Close(); // stops the capture thread first
    }
}
