using System.IO.Compression;
using System.Text;
using CsCheck;
using OpenLive.Core.Auth;

namespace OpenLive.Core.Tests.Auth;

public sealed class ZlibStoredFrameTests
{
    [Fact]
    public void Adler32_KnownVector() => Assert.Equal(0x11E60398u, ZlibStoredFrame.Adler32("Wikipedia"u8));

    [Fact]
    public void Adler32_LongInput_MatchesZlib()
    {
        // A real deflater's trailer is Adler-32 of the input: compare across the 5552-byte chunking boundary.
        var data = new byte[200_000];
        new Random(7).NextBytes(data);
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        var framed = output.ToArray();
        var trailer = (uint)((framed[^4] << 24) | (framed[^3] << 16) | (framed[^2] << 8) | framed[^1]);
        Assert.Equal(trailer, ZlibStoredFrame.Adler32(data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(180)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(200_000)]
    public void Written_IsReadByARealInflater_AndByTheFastPath(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var framed = new byte[ZlibStoredFrame.GetMaxFramedLength(length)];
        var n = ZlibStoredFrame.Write(data, framed);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(framed, 0, n), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.Equal(data, inflated.ToArray());
        var back = new byte[length];
        Assert.Equal(ZlibStoredFrame.ReadResult.Ok, ZlibStoredFrame.TryRead(framed.AsSpan(0, n), back, out var written));
        Assert.Equal(length, written);
        Assert.Equal(data, back);
    }

    [Fact]
    public void CompressedStream_IsNotStored()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(Encoding.UTF8.GetBytes(new string('a', 500)));
        }

        Assert.Equal(ZlibStoredFrame.ReadResult.NotStored, ZlibStoredFrame.TryRead(output.ToArray(), new byte[1000], out _));
    }

    [Fact]
    public void Corruption_IsDetected()
    {
        var data = "{\"hello\":\"world\"}"u8.ToArray();
        var framed = new byte[64];
        var n = ZlibStoredFrame.Write(data, framed);
        var badNlen = framed[..n];
        badNlen[5] ^= 1;
        Assert.Equal(ZlibStoredFrame.ReadResult.Corrupt, ZlibStoredFrame.TryRead(badNlen, new byte[64], out _));
        var badAdler = framed[..n];
        badAdler[n - 1] ^= 1;
        Assert.Equal(ZlibStoredFrame.ReadResult.Corrupt, ZlibStoredFrame.TryRead(badAdler, new byte[64], out _));
        Assert.Equal(ZlibStoredFrame.ReadResult.TooLarge, ZlibStoredFrame.TryRead(framed.AsSpan(0, n), new byte[4], out _));
        Assert.Equal(ZlibStoredFrame.ReadResult.Corrupt, ZlibStoredFrame.TryRead(framed.AsSpan(0, n - 2), new byte[64], out _));
    }

    [Fact]
    public void RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = ZlibStoredFrame.TryRead(bytes, new byte[256], out var written);
            return written <= 256;
        }, iter: 5000);
}
