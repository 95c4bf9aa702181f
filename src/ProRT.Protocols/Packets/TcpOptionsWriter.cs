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
    public const byte KindEndOfList = 0;
    public const byte KindNoOperation = 1;
    public const byte KindMaximumSegmentSize = 2;
    public const byte KindWindowScale = 3;
    public const byte KindSackPermitted = 4;
    public const byte KindTimestamp = 8;

    private readonly Span<byte> _buffer;
    private int _length;

    public TcpOptionsWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void WriteMaximumSegmentSize(ushort mss)
    {
        Span<byte> option = Reserve(4);
        option[0] = KindMaximumSegmentSize;
        option[1] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(option[2..], mss);
    }

    public void WriteWindowScale(byte shift)
    {
        Span<byte> option = Reserve(3);
        option[0] = KindWindowScale;
        option[1] = 3;
        option[2] = shift;
    }

    public void WriteSackPermitted()
    {
        Span<byte> option = Reserve(2);
        option[0] = KindSackPermitted;
        option[1] = 2;
    }

    public void WriteTimestamp(uint value, uint echoReply)
    {
        Span<byte> option = Reserve(10);
        option[0] = KindTimestamp;
        option[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(option[2..], value);
        BinaryPrimitives.WriteUInt32BigEndian(option[6..], echoReply);
    }

    public void WriteNoOperation() => Reserve(1)[0] = KindNoOperation;

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
