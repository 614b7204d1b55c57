using CsCheck;
using OpenLive.Rtc.Dtls;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    // A DTLS 1.0-versioned handshake record (ClientHello), epoch 0, sequence 0x0102030405, 3-byte fragment.
    private static readonly byte[] Record = [22, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x03, 1, 2, 3];

    private static readonly Gen<DtlsRecordHeader> Headers = Gen.Select(
        Gen.Byte[DtlsRecordHeader.FirstContentType, DtlsRecordHeader.LastContentType],
        Gen.OneOf(Gen.Const((ushort)0xFEFF), Gen.Const((ushort)0xFEFD), Gen.UShort[0xFE00, 0xFEFF]),
        Gen.UShort,
        Gen.ULong[0, DtlsRecordHeader.MaxSequenceNumber],
        Gen.UShort[0, 600],
        (type, version, epoch, sequence, length) => new DtlsRecordHeader(type, version, epoch, sequence, length));

    [Fact]
    public void TryRead_ReadsEveryField()
    {
        Assert.True(DtlsRecordHeader.TryRead(Record, out var header));
        Assert.Equal(new DtlsRecordHeader(22, 0xFEFF, 0, 0x0102030405, 3), header);
    }

    [Theory]
    [InlineData(0, 19)] // content type below change_cipher_spec
    [InlineData(0, 25)] // tls12_cid: connection IDs are never negotiated
    [InlineData(0, 0x80)] // an RTP/RTCP first byte (RFC 7983 §7)
    [InlineData(1, 0x03)] // TLS, not DTLS
    [InlineData(12, 0x04)] // length 4 > 3 bytes present
    public void TryRead_RejectsNonDtls(int offset, byte value)
    {
        var datagram = (byte[])Record.Clone();
        datagram[offset] = value;
        Assert.False(DtlsRecordHeader.TryRead(datagram, out _));
    }

    [Fact]
    public void TryRead_RejectsTruncatedHeaders()
    {
        for (var length = 0; length < DtlsRecordHeader.Size; length++)
        {
            Assert.False(DtlsRecordHeader.TryRead(Record.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void TryWrite_RejectsShortBuffersAndOutOfRangeFields()
    {
        var header = new DtlsRecordHeader(23, 0xFEFD, 1, 7, 10);
        Assert.False(header.TryWrite(new byte[DtlsRecordHeader.Size - 1]));
        Assert.False((header with { SequenceNumber = DtlsRecordHeader.MaxSequenceNumber + 1 }).TryWrite(new byte[DtlsRecordHeader.Size]));
        Assert.False((header with { Length = DtlsRecordHeader.MaxFragmentLength + 1 }).TryWrite(new byte[DtlsRecordHeader.Size]));
    }

    [Fact]
    public void WriteThenRead_RoundTrips() =>
        Headers.Sample(header =>
        {
            var datagram = new byte[DtlsRecordHeader.Size + header.Length];
            return header.TryWrite(datagram) && DtlsRecordHeader.TryRead(datagram, out var read) && read == header;
        }, iter: 5000);

    [Fact]
    public void RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            if (DtlsRecordHeader.TryRead(bytes, out var header))
            {
                var again = new byte[DtlsRecordHeader.Size];
                return header.TryWrite(again) && again.AsSpan().SequenceEqual(bytes.AsSpan(0, DtlsRecordHeader.Size));
            }

            return true;
        }, iter: 20000);

    [Fact]
    public void TruncatedAndMutatedRecords_NeverThrow() =>
        Gen.Select(Headers, Gen.Int[0, 700], Gen.Int[0, 700], Gen.Byte).Sample((header, cut, position, value) =>
        {
            var datagram = new byte[DtlsRecordHeader.Size + header.Length];
            header.TryWrite(datagram);
            datagram[position % datagram.Length] = value;
            DtlsRecordHeader.TryRead(datagram.AsSpan(0, Math.Min(cut, datagram.Length)), out _);
        }, iter: 10000);

    [Fact]
    public void IsWellFormedDatagram_WalksEveryRecord()
    {
        byte[] Record(ushort epoch, int length)
        {
            var record = new byte[DtlsRecordHeader.Size + length];
            new DtlsRecordHeader(22, 0xFEFD, epoch, 1, (ushort)length).TryWrite(record);
            return record;
        }

        Assert.True(DtlsRecordHeader.IsWellFormedDatagram(Record(0, 1), 24));
        Assert.True(DtlsRecordHeader.IsWellFormedDatagram([.. Record(0, 40), .. Record(1, 24), .. Record(1, 100)], 24));
        Assert.True(DtlsRecordHeader.IsWellFormedDatagram(Record(1, 16), 16));
        Assert.False(DtlsRecordHeader.IsWellFormedDatagram([], 24));
        Assert.False(DtlsRecordHeader.IsWellFormedDatagram(Record(1, 23), 24));
        Assert.False(DtlsRecordHeader.IsWellFormedDatagram([.. Record(0, 40), .. Record(1, 2)], 24));
        Assert.False(DtlsRecordHeader.IsWellFormedDatagram([.. Record(0, 40), 22, 0xFE], 24));
    }

    [Fact]
    public void IsWellFormedDatagram_OnRandomAndMutatedDatagrams_NeverThrows() =>
        Gen.Select(Headers.Array[1, 4], Gen.Int[0, 2000], Gen.Int[0, 2000], Gen.Byte, Gen.Int[0, 40]).Sample((headers, cut, position, value, minimum) =>
        {
            var datagram = new List<byte>();
            foreach (var header in headers)
            {
                var record = new byte[DtlsRecordHeader.Size + header.Length];
                header.TryWrite(record);
                datagram.AddRange(record);
            }

            var bytes = datagram.ToArray();
            var intact = DtlsRecordHeader.IsWellFormedDatagram(bytes, minimum);
            var expected = Array.TrueForAll(headers, h => h.Epoch == 0 || h.Length >= minimum);
            bytes[position % bytes.Length] = value;
            DtlsRecordHeader.IsWellFormedDatagram(bytes.AsSpan(0, Math.Min(cut, bytes.Length)), minimum);
            return intact == expected;
        }, iter: 5000);

    [Fact]
    public void TryRead_AllocatesNothing()
    {
        Assert.True(DtlsRecordHeader.TryRead(Record, out _));
        Assert.Equal(0, AllocationMeter.LeastAllocated(() => DtlsRecordHeader.TryRead(Record, out _), iterations: 10_000));
    }
}
