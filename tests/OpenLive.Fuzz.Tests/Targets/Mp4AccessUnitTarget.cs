using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The fragmented MP4 writer fed a publisher's H.264 access units (Annex B as the depacketizer hands them over): the
/// start-code scan, the parameter sets kept for the sample entry, the SPS reader, the init segment, and a fragment
/// written by <see cref="FragmentedMp4Writer.Finish"/>. The input is one access unit written twice (the second 1/30 s
/// later), so a keyframe in it starts a recording and the second completes a sample. Seeds are a keyframe access unit
/// (AUD, SPS, PPS, IDR slice) and a non-IDR one.
/// </summary>
internal sealed class Mp4AccessUnitTarget : FuzzTarget<Mp4AccessUnitTarget.Input>
{
    private static readonly EgressTrack Video = new(EgressCodec.H264, 90_000, 0);
    private static readonly EgressTrack Audio = new(EgressCodec.Opus, 48_000, 2);

    public override string Name => "H.264 access unit → fMP4";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString("000000010910" + "000000016742C01EDA0280BFE5FFC000C00104000003000400000300F03C58BA80" + "0000000168CE0FC8" + "0000016588840021FFFEF6E27C"),
        Convert.FromHexString("000000010930" + "00000001419A21B3"),
    ];

    // Per writer (made in Prepare): its init segment's sample entry and the copied parameter sets; the buffers are pooled.
    protected override long AllocationBound(int inputLength) => 4096 + (2L * inputLength);

    protected override Input Prepare(byte[] bytes) => new(bytes, new FragmentedMp4Writer(Stream.Null, Video, Audio));

    protected override void Parse(Input input)
    {
        using var writer = input.Writer;
        _ = writer.WriteVideo(new MediaFrame(input.Bytes, 90_000, true));
        _ = writer.WriteAudio(new MediaFrame(input.Bytes, 48_000, true));
        _ = writer.WriteVideo(new MediaFrame(input.Bytes, 93_000, false));
        _ = writer.Finish();
    }

    /// <summary>An access unit and the writer it goes to.</summary>
    internal sealed record Input(byte[] Bytes, FragmentedMp4Writer Writer);
}
