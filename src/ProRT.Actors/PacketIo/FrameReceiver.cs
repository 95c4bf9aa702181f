using SharpPcap;
using SharpPcap.LibPcap;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// Captures replies on one interface with pcap: immediate mode (no buffering delay), a BPF filter that admits only
/// what could answer our probes, and a dedicated thread that hands each frame, in place, to a callback.
/// </summary>
public sealed class FrameReceiver : IDisposable
{
    /// <summary>Called on the capture thread with a frame that is valid only during the call.</summary>
    public delegate void FrameHandler(ReadOnlySpan<byte> frame, long timestampTicks);

    private readonly LibPcapLiveDevice _device;
    private readonly Thread _thread;
    private readonly FrameHandler _onFrame;
    private readonly Action _onIdle;
    private volatile bool _stopping;

    /// <param name="onIdle">Called on the capture thread when a read times out (pcap may take up to half a second
    /// with memory-mapped capture, so callers also flush on a timer).</param>
    /// <param name="bufferBytes">Size of pcap's ring: what absorbs a burst of replies while the capture thread is not
    /// running. The kernel allocates (and zeroes) it when the device opens, and it counts in the resident memory.</param>
    /// <param name="snapshotLength">The largest frame kept whole: the interface's MTU and link header.</param>
    public FrameReceiver(string interfaceName, string filter, FrameHandler onFrame, Action onIdle, int bufferBytes,
        int snapshotLength)
    {
        _onFrame = onFrame;
        _onIdle = onIdle;
        _device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName)
                  ?? throw new IOException($"pcap cannot see interface {interfaceName}");
        Scanning.StartupTrace.Mark("pcap device found");
        _device.Open(new DeviceConfiguration
        {
            Mode = DeviceModes.None,
            Immediate = true,
            ReadTimeout = 10,
            // Whole frames: an ICMP error quotes up to 548 bytes of a UDP probe, and a UDP answer can fill the MTU; a
            // cut frame would fail the parser's length checks. But no more: in immediate mode pcap's ring has slots
            // of one size, the snapshot length (or 64 KB on an interface with offloads, such as veth), so a 64 KB
            // snapshot leaves a 8 MB ring 128 slots, and a full-port scan's replies overflow it.
            Snaplen = snapshotLength,
            BufferSize = bufferBytes,
        });
        Scanning.StartupTrace.Mark("pcap device open");
        try
        {
            _device.Filter = filter;
        }
        catch (Exception e)
        {
            _device.Close();
            throw new IOException($"pcap rejected the filter '{filter}': {e.Message}", e);
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = $"prtip-rx-{interfaceName}" };
    }

    /// <summary>Starts the capture thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Frames pcap saw, and how many it (or the interface) dropped: drops mean missed replies.</summary>
    public (long Received, long Dropped, long InterfaceDropped) Statistics()
    {
        var s = _device.Statistics;
        return s is null ? (0, 0, 0) : (s.ReceivedPackets, s.DroppedPackets, s.InterfaceDroppedPackets);
    }

    private void Loop()
    {
        try
        {
            Capture();
        }
        finally
        {
            // The capture thread closes the handle itself: a read may block until the next frame arrives (pcap's
            // read timeout is not honoured with memory-mapped capture), and stopping the scan must not wait for it.
            // SharpPcap's own capture loop stops cleanly but delivered frames up to a second late, which costs more.
            _device.Close();
        }
    }

    private void Capture()
    {
        while (!_stopping)
        {
            var status = _device.GetNextPacket(out var capture);
            if (status == GetPacketStatus.PacketRead)
            {
                var t = capture.Header.Timeval;
                _onFrame(capture.Data, (long)t.Seconds * TimeSpan.TicksPerSecond + (long)t.MicroSeconds * 10);
            }
            else
            {
                _onIdle();
                if (status == GetPacketStatus.Error) break;
            }
        }
    }

    /// <summary>Stops the capture and closes the pcap handle (from the capture thread when it is running).</summary>
    public void Dispose()
    {
        _stopping = true;
        if (!_thread.IsAlive) _device.Close();
    }
}
