using System.Runtime.InteropServices;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// Sends whole Ethernet frames on one interface through an AF_PACKET socket, many per system call (sendmmsg), and
/// past the queueing discipline. pcap's send path makes one call per frame, which caps a scan near half a million
/// frames per second here. Frames are written by the caller into <see cref="Frame"/> slots, then sent with
/// <see cref="Flush"/>; nothing is allocated per frame.
/// On loopback the frames go out through a raw IP socket instead (their Ethernet header skipped): Linux drops a
/// 127.x packet injected below IP as a martian, since it arrives without the route a local sender attaches.
/// </summary>
public sealed unsafe partial class FrameSender : IDisposable
{
    private const int AF_PACKET = 17, AF_INET = 2, SOCK_RAW = 3, IPPROTO_RAW = 255, SOL_PACKET = 263,
        PACKET_QDISC_BYPASS = 20, EINTR = 4, EAGAIN = 11, ENOBUFS = 105, LinkHeader = 14;

    private readonly int _fd;
    private readonly int _slotSize;
    private readonly byte* _frames;
    private readonly byte* _iovecs;
    private readonly byte* _headers;
    private readonly byte* _names;
    private readonly bool _rawIp;
    private readonly int[] _lengths;
    private bool _disposed;

    /// <summary>Opens the send socket for interface <paramref name="interfaceIndex"/>; throws <see cref="IOException"/> without raw-packet privilege.</summary>
    /// <param name="interfaceIndex">The kernel's index of the interface.</param>
    /// <param name="loopback">Send through a raw IP socket, as loopback needs.</param>
    /// <param name="batchSize">Frames sent per system call.</param>
    /// <param name="slotSize">Bytes reserved per frame: the longest frame it can send. Slots the size of the MTU cost
    /// little memory: the kernel backs only the pages that frames are written into.</param>
    public FrameSender(int interfaceIndex, bool loopback, int batchSize = 256, int slotSize = 128)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("raw sending needs Linux");
        BatchSize = batchSize;
        _slotSize = slotSize;
        _rawIp = loopback;
        // Protocol 0: this socket only sends, so the kernel never queues received frames on it.
        _fd = loopback ? Socket(AF_INET, SOCK_RAW, IPPROTO_RAW) : Socket(AF_PACKET, SOCK_RAW, 0);
        if (_fd < 0) throw new IOException(Marshal.GetLastPInvokeError() == 1
            ? "raw packets need root or CAP_NET_RAW"
            : $"cannot open a packet socket (errno {Marshal.GetLastPInvokeError()})");
        if (!loopback)
        {
            var address = stackalloc byte[20];
            new Span<byte>(address, 20).Clear();
            *(ushort*)address = AF_PACKET;
            *(int*)(address + 4) = interfaceIndex;
            if (Bind(_fd, address, 20) < 0)
            {
                int err = Marshal.GetLastPInvokeError();
                Close(_fd);
                throw new IOException($"cannot bind a packet socket to interface {interfaceIndex} (errno {err})");
            }
            int one = 1;
            SetSockOpt(_fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(int)); // best effort: older kernels lack it
        }

        _frames = (byte*)NativeMemory.AllocZeroed((nuint)(batchSize * slotSize));
        _iovecs = (byte*)NativeMemory.AllocZeroed((nuint)(batchSize * 16));
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)(batchSize * 64));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(batchSize * 16));
        _lengths = new int[batchSize];
        int skip = loopback ? LinkHeader : 0;
        for (int i = 0; i < batchSize; i++)
        {
            // struct iovec { void* base; size_t len; } and struct mmsghdr { struct msghdr hdr; unsigned len; }:
            // msghdr is name, namelen, iov, iovlen, control, controllen, flags (56 bytes on 64-bit), mmsghdr 64.
            *(byte**)(_iovecs + i * 16) = _frames + i * slotSize + skip;
            if (loopback)
            {
                // A raw IP socket wants the destination as a sockaddr_in too (filled in at flush time).
                *(ushort*)(_names + i * 16) = AF_INET;
                *(byte**)(_headers + i * 64) = _names + i * 16;
                *(uint*)(_headers + i * 64 + 8) = 16;
            }
            *(byte**)(_headers + i * 64 + 16) = _iovecs + i * 16;
            *(ulong*)(_headers + i * 64 + 24) = 1;
        }
    }

    /// <summary>Frames per system call; <see cref="Commit"/> flushes when the batch is full.</summary>
    public int BatchSize { get; }

    /// <summary>Frames waiting in the batch.</summary>
    public int Pending { get; private set; }

    /// <summary>Frames sent since the sender was created.</summary>
    public long FramesSent { get; private set; }

    /// <summary>The next free slot; write a frame into it and call <see cref="Commit"/> with its length.</summary>
    public Span<byte> Frame => new(_frames + Pending * _slotSize, _slotSize);

    /// <summary>Adds the frame just written into <see cref="Frame"/>, <paramref name="length"/> bytes long; sends the batch when it is full.</summary>
    public void Commit(int length)
    {
        _lengths[Pending++] = length;
        if (Pending == BatchSize) Flush();
    }

    /// <summary>Sends every pending frame; a frame the kernel refuses is an error, never silently dropped.</summary>
    public void Flush()
    {
        int sent = 0;
        for (int i = 0; i < Pending; i++)
        {
            if (_rawIp)
            {
                *(ulong*)(_iovecs + i * 16 + 8) = (ulong)(_lengths[i] - LinkHeader);
                // The IPv4 destination (network order) at offset 16 of the IP header becomes sin_addr.
                *(uint*)(_names + i * 16 + 4) = *(uint*)(_frames + i * _slotSize + LinkHeader + 16);
            }
            else *(ulong*)(_iovecs + i * 16 + 8) = (ulong)_lengths[i];
        }
        while (sent < Pending)
        {
            int n = SendMmsg(_fd, _headers + sent * 64, (uint)(Pending - sent), 0);
            if (n < 0)
            {
                int err = Marshal.GetLastPInvokeError();
                if (err is EINTR or EAGAIN or ENOBUFS)
                {
                    Thread.Yield(); // the device queue is full: let it drain and try the rest again
                    continue;
                }
                Pending = 0;
                throw new IOException($"sending frames failed (errno {err})");
            }
            sent += n;
        }
        FramesSent += Pending;
        Pending = 0;
    }

    /// <summary>Closes the socket and frees the batch memory; pending frames are not sent.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Close(_fd);
        NativeMemory.Free(_frames);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_headers);
        NativeMemory.Free(_names);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMmsg(int fd, byte* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
