using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Dtls;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// What the DTLS transport reads of a datagram before BouncyCastle sees it: each record header
/// (<see cref="DtlsRecordHeader.TryRead"/>) and the whole-datagram framing check. Seeds: a ClientHello record, a
/// ChangeCipherSpec + Finished flight in one datagram, and an epoch-1 application data record (RFC 6347 §4.1).
/// </summary>
internal sealed class DtlsRecordTarget : FuzzTarget<byte[]>
{
    public override string Name => "DTLS record headers";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        Record(22, 0xFEFD, 0, 0, 120),
        [.. Record(20, 0xFEFD, 0, 5, 1), .. Record(22, 0xFEFD, 1, 0, 40)],
        Record(23, 0xFEFD, 1, 7, 64),
        Record(21, 0xFEFF, 0, 1, 2),
    ];

    protected override long AllocationBound(int inputLength) => 0;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        if (DtlsRecordHeader.TryRead(input, out var header))
        {
            _ = header.TryWrite(stackalloc byte[13]);
        }

        _ = DtlsRecordHeader.IsWellFormedDatagram(input, 0);
        _ = DtlsRecordHeader.IsWellFormedDatagram(input, 24);
    }

    private static byte[] Record(byte contentType, ushort version, ushort epoch, ulong sequence, int fragmentLength)
    {
        var record = new byte[13 + fragmentLength];
        new DtlsRecordHeader(contentType, version, epoch, sequence, (ushort)fragmentLength).TryWrite(record);
        for (var i = 13; i < record.Length; i++)
        {
            record[i] = (byte)(i * 7);
        }

        return record;
    }
}
