using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// Appends TCP options (RFC 9293, RFC 7323, RFC 2018) to a buffer, kind and length bytes included.
/// The options area of a header must end on a 4-byte boundary: finish with <see cref="PadToWordBoundary"/>.
/// </summary>
public ref struct TcpOptionsWriter
{
    /// <summary>Data offset is 4 bits of 32-bit words: 60 bytes of header, 20 of them fixed.</summary>
    public const int MaxLength = 40;
    /// <summary>Option kind 0: end of option list.</summary>
    public const byte KindEndOfList = 0;
    /// <summary>Option kind 1: no-operation, used for alignment.</summary>
    public const byte KindNoOperation = 1;
    /// <summary>Option kind 2: maximum segment size.</summary>
    public const byte KindMaximumSegmentSize = 2;
    /// <summary>Option kind 3: window scale (RFC 7323).</summary>
    public const byte KindWindowScale = 3;
    /// <summary>Option kind 4: SACK permitted (RFC 2018).</summary>
    public const byte KindSackPermitted = 4;
    /// <summary>Option kind 8: timestamps (RFC 7323).</summary>
    public const byte KindTimestamp = 8;

    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts an empty options list at the beginning of <paramref name="buffer"/>.</summary>
    public TcpOptionsWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The options written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends a maximum segment size option (4 bytes).</summary>
    public void WriteMaximumSegmentSize(ushort mss)
    {
        Span<byte> option = Reserve(4);
        option[0] = KindMaximumSegmentSize;
        option[1] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(option[2..], mss);
    }

    /// <summary>Appends a window scale option with shift count <paramref name="shift"/> (3 bytes).</summary>
    public void WriteWindowScale(byte shift)
    {
        Span<byte> option = Reserve(3);
        option[0] = KindWindowScale;
        option[1] = 3;
        option[2] = shift;
    }

    /// <summary>Appends a SACK-permitted option (2 bytes).</summary>
    public void WriteSackPermitted()
    {
        Span<byte> option = Reserve(2);
        option[0] = KindSackPermitted;
        option[1] = 2;
    }

    /// <summary>Appends a timestamp option carrying <paramref name="value"/> and <paramref name="echoReply"/> (10 bytes).</summary>
    public void WriteTimestamp(uint value, uint echoReply)
    {
        Span<byte> option = Reserve(10);
        option[0] = KindTimestamp;
        option[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(option[2..], value);
        BinaryPrimitives.WriteUInt32BigEndian(option[6..], echoReply);
    }

    /// <summary>Appends a one-byte no-operation option.</summary>
    public void WriteNoOperation() => Reserve(1)[0] = KindNoOperation;

    /// <summary>Appends a one-byte end-of-list option.</summary>
    public void WriteEndOfList() => Reserve(1)[0] = KindEndOfList;

    /// <summary>Zero-fills to the next multiple of 4; zero is also end-of-list, so the padding parses as such.</summary>
    public void PadToWordBoundary()
    {
        int padding = (4 - _length % 4) % 4;
        if (padding > 0)
            Reserve(padding).Clear();
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > MaxLength || _length + count > _buffer.Length)
            throw new InvalidOperationException(
                $"TCP options would take {_length + count} bytes; the limit is {Math.Min(MaxLength, _buffer.Length)}");
        Span<byte> slot = _buffer.Slice(_length, count);
        _length += count;
        return slot;
    }
}
