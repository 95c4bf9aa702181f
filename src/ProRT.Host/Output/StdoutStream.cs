using System.Text;

namespace ProRT.Host.Output;

/// <summary>A write-only stream onto a TextWriter, so writers that produce bytes can print to "-" (stdout).</summary>
public sealed class StdoutStream(TextWriter writer) : Stream
{
    // Stateful, so a character split across two writes is decoded whole.
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count)
    {
        var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
        int n = _decoder.GetChars(buffer, offset, count, chars, 0);
        writer.Write(chars, 0, n);
    }
}
