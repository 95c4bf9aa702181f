using System.Runtime.InteropServices;

namespace ProRT.Actors.PacketIo;

/// <summary>Whether this process may send raw frames (root or CAP_NET_RAW), found by trying.</summary>
public static partial class RawAccess
{
    /// <summary>Tries to open an AF_PACKET socket; true when that works (Linux only).</summary>
    public static bool IsAvailable()
    {
        if (!OperatingSystem.IsLinux()) return false;
        int fd = Socket(17 /* AF_PACKET */, 3 /* SOCK_RAW */, 0);
        if (fd < 0) return false;
        Close(fd);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
