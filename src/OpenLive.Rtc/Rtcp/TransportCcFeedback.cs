using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>The packet status symbols of transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcStatus
{
    /// <summary>00: the packet did not arrive.</summary>
    NotReceived = 0,

    /// <summary>01: arrived; a 1-byte unsigned delta follows.</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: arrived; a 2-byte signed delta follows.</summary>
    ReceivedLargeDelta = 2,

    /// <summary>
    /// 11: listed as reserved in §3.1.1, yet the draft's own examples (§3.1.3, §3.1.4) use it for "received, without
    /// a delta"; read that way so such feedback is not lost. Never written.
    /// </summary>
    ReceivedWithoutDelta = 3,
}

/// <summary>One packet's entry in a transport-wide CC feedback.</summary>
/// <param name="SequenceNumber">Its transport-wide sequence number.</param>
/// <param name="Status">Whether it arrived, and how its delta is coded.</param>
/// <param name="Delta">Its receive delta (250 µs resolution) from the previous packet with a delta, or from the reference time for the first; zero without one.</param>
/// <param name="ArrivalTime">Reference time plus the deltas so far: its arrival on the feedback sender's clock when it has a delta.</param>
public readonly record struct TransportCcPacket(ushort SequenceNumber, TransportCcStatus Status, TimeSpan Delta, TimeSpan ArrivalTime)
{
    /// <summary>Whether the packet arrived.</summary>
    public bool Received => Status != TransportCcStatus.NotReceived;

    /// <summary>Whether <see cref="Delta"/> and <see cref="ArrivalTime"/> are measured values.</summary>
    public bool HasArrivalTime => Status is TransportCcStatus.ReceivedSmallDelta or TransportCcStatus.ReceivedLargeDelta;
}

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// RTPFB FMT 15 reporting, for a range of transport-wide sequence numbers, which packets arrived and when.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      SSRC of media source                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      base sequence number     |      packet status count      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        reference time (24 bits signed, × 64 ms)| fb pkt. count |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          packet chunk         |         packet chunk  ...     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  recv delta   |  recv delta   | ...           | zero padding  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Packet chunks (§3.1.3, §3.1.4), symbols 00 not received, 01 received with a 1-byte delta, 10 received with a
/// 2-byte signed delta, 11 reserved (see <see cref="TransportCcStatus"/>); deltas count 250 µs:
/// <code>
/// |0| S |      run length (13)    |   run-length chunk: S repeated
/// |1|0|    14 × 1-bit symbols     |   status vector chunk, 1-bit symbols (0 or 01)
/// |1|1|    7 × 2-bit symbols      |   status vector chunk, 2-bit symbols
/// </code>
/// </remarks>
public readonly ref struct TransportCcFeedback
{
    /// <summary>Length of a receive delta unit.</summary>
    public static readonly TimeSpan DeltaUnit = TimeSpan.FromTicks(2500);

    /// <summary>Length of a reference time unit.</summary>
    public static readonly TimeSpan ReferenceTimeUnit = TimeSpan.FromMilliseconds(64);

    internal const int FciHeaderLength = 8;
    internal const int MaxRunLength = 0x1FFF;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportCcFeedback(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);

        // Sign-extend the 24-bit reference time.
        ReferenceTime = (int)(BinaryPrimitives.ReadUInt32BigEndian(fci[4..]) & 0xFFFFFF00) >> 8;
        FeedbackPacketCount = fci[7];
        _chunks = chunks;
        _deltas = deltas;
    }

    /// <summary>SSRC of the feedback sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source field (informational for transport-wide feedback).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of packets reported, from <see cref="BaseSequenceNumber"/> on (1–65535).</summary>
    public int PacketStatusCount { get; }

    /// <summary>Reference time in 64 ms units, signed 24-bit, on the feedback sender's clock.</summary>
    public int ReferenceTime { get; }

    /// <summary>Counter of feedback packets sent, to detect lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>
    /// Reads a transport-wide CC feedback; false if the packet is anything else, reports no packets, or its chunks
    /// or deltas overrun it. Trailing zero padding is ignored.
    /// </summary>
    public static bool TryParse(in RtcpPacket packet, out TransportCcFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormats.TransportCc, out var common))
        {
            return false;
        }

        var fci = common.Fci;
        if (fci.Length < FciHeaderLength)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        if (count == 0)
        {
            return false;
        }

        var position = FciHeaderLength;
        var statuses = 0;
        var deltaBytes = 0;
        while (statuses < count)
        {
            if (position + 2 > fci.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[position..]);
            position += 2;
            var capacity = Capacity(chunk);
            var used = Math.Min(capacity, count - statuses);
            for (var i = 0; i < used; i++)
            {
                var size = DeltaSize(Symbol(chunk, i));
                if ((chunk & 0x8000) == 0)
                {
                    // A run repeats one symbol; no need to look at each.
                    deltaBytes += size * used;
                    break;
                }

                deltaBytes += size;
            }

            statuses += used;
        }

        if (position + deltaBytes > fci.Length)
        {
            return false;
        }

        feedback = new TransportCcFeedback(common.SenderSsrc, common.MediaSsrc, fci, fci[FciHeaderLength..position], fci.Slice(position, deltaBytes));
        return true;
    }

    /// <summary>Every reported packet in sequence order, for foreach.</summary>
    public Enumerator GetEnumerator() => new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount, ReferenceTime * ReferenceTimeUnit);

    internal static int Capacity(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength
        : (chunk & 0x4000) == 0 ? 14
        : 7;

    /// <summary>Bytes of receive delta a symbol carries: its own value, except 0 for "received without delta".</summary>
    internal static int DeltaSize(int symbol) => symbol == 3 ? 0 : symbol;

    internal static int Symbol(ushort chunk, int index) =>
        (chunk & 0x8000) == 0 ? (chunk >> 13) & 0x03
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x01
        : (chunk >> (12 - (2 * index))) & 0x03;

    /// <summary>Walks the packets of a feedback <see cref="TryParse"/> accepted.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private int _chunkPosition;
        private ushort _chunk;
        private int _indexInChunk;
        private int _capacity;
        private int _remaining;
        private int _deltaPosition;
        private ushort _sequence;
        private TimeSpan _arrival;

        internal Enumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int count, TimeSpan reference)
        {
            _chunks = chunks;
            _deltas = deltas;
            _chunkPosition = 0;
            _chunk = 0;
            _indexInChunk = 0;
            _capacity = 0;
            _remaining = count;
            _deltaPosition = 0;
            _sequence = baseSequence;
            _arrival = reference;
            Current = default;
        }

        /// <summary>The packet the last <see cref="MoveNext"/> reached.</summary>
        public TransportCcPacket Current { get; private set; }

        /// <summary>Moves to the next reported packet.</summary>
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            while (_indexInChunk >= _capacity)
            {
                if (_chunkPosition + 2 > _chunks.Length)
                {
                    _remaining = 0;
                    return false;
                }

                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkPosition..]);
                _chunkPosition += 2;
                _capacity = Capacity(_chunk);
                _indexInChunk = 0;
            }

            var symbol = Symbol(_chunk, _indexInChunk++);
            var size = DeltaSize(symbol);
            var delta = TimeSpan.Zero;
            if (size > 0)
            {
                if (_deltaPosition + size > _deltas.Length)
                {
                    _remaining = 0;
                    return false;
                }

                int units = size == 1 ? _deltas[_deltaPosition] : BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaPosition..]);
                _deltaPosition += size;
                delta = units * DeltaUnit;
                _arrival += delta;
            }

            Current = new TransportCcPacket(_sequence, (TransportCcStatus)symbol, delta, _arrival);
            _sequence++;
            _remaining--;
            return true;
        }
    }
}
