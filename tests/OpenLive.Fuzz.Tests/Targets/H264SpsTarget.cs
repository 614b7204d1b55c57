using OpenLive.Egress.Mp4;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The H.264 sequence parameter set reader of the MP4 recorder (<see cref="H264SequenceParameterSet.TryRead"/>): a
/// publisher's SPS, emulation prevention, Exp-Golomb fields, scaling lists and cropping. Seeds are SPSs libx264 wrote
/// (Baseline, Main interlaced, High with scaling matrices) and the first bytes of a PPS.
/// </summary>
internal sealed class H264SpsTarget : FuzzTarget<byte[]>
{
    public override string Name => "H.264 SPS";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString("6742C00DDA0507EC0440000003004000000F23C50AA8"),
        Convert.FromHexString("6742C01EDA0280BFE5FFC000C00104000003000400000300F03C58BA80"),
        Convert.FromHexString("674D4028F403C0227EFFF0003000410000030001000003003C1F162EA0"),
        Convert.FromHexString("6764001FACD9405005BBFF0003000410000003001000000303C0F1831960"),
        Convert.FromHexString("68CE0FC8"),
    ];

    protected override int MaxRandomLength => 300;

    // The reader works on the span it is given: nothing is allocated.
    protected override long AllocationBound(int inputLength) => 0;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        if (H264SequenceParameterSet.TryRead(input, out var sps) == H264SpsStatus.Ok
            && (sps.Width is <= 0 or > H264SequenceParameterSet.MaxSide || sps.Height is <= 0 or > H264SequenceParameterSet.MaxSide))
        {
            throw new InvalidOperationException($"an SPS read as {sps.Width}x{sps.Height}");
        }

        foreach (var nal in new AnnexBNalUnits(input))
        {
            _ = H264SequenceParameterSet.TryRead(nal, out _);
        }
    }
}
