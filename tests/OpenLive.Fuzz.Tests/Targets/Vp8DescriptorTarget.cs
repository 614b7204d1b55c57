using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The VP8 payload descriptor reader and its in-place rewriters (<see cref="Vp8Descriptor.Read"/>,
/// <see cref="Vp8Descriptor.TryRewritePictureId"/>, <see cref="Vp8Descriptor.TryRewriteTl0PicIdx"/>,
/// <see cref="Vp8Descriptor.TryRewriteKeyIndex"/>), as the SFU runs them on every forwarded VP8 packet. Beyond not
/// throwing, a rewrite must leave the descriptor readable with the same length and the VP8 data after it untouched.
/// Seeds are descriptors with each optional field (RFC 7741 §4.2) and the payload header of a keyframe or interframe.
/// </summary>
internal sealed class Vp8DescriptorTarget : FuzzTarget<byte[]>
{
    private readonly byte[] _copy = new byte[4096];

    public override string Name => "VP8 payload descriptor";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString("90E0812305201002009D012A"), // I (15-bit) L T, keyframe
        Convert.FromHexString("90F07F05B11100"), // I (7-bit) L T K, interframe
        Convert.FromHexString("80208011"), // T only, middle of a frame
        Convert.FromHexString("9010" + "1F" + "10"), // K only
        Convert.FromHexString("1010"), // no X byte
        Convert.FromHexString("90C0FFFFFF"), // I (15-bit) L, descriptor only
    ];

    protected override int MaxRandomLength => 64;

    // Reading and rewriting work on the spans given (the copy buffer is the target's own): nothing is allocated.
    protected override long AllocationBound(int inputLength) => 0;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        var status = Vp8Descriptor.Read(input, out var descriptor);
        if (status is not (Vp8DescriptorStatus.Ok or Vp8DescriptorStatus.NoPayload) || input.Length > _copy.Length)
        {
            return;
        }

        var copy = _copy.AsSpan(0, input.Length);
        input.CopyTo(copy);
        _ = descriptor.TryRewritePictureId(copy, descriptor.PictureId + 1);
        _ = descriptor.TryRewriteTl0PicIdx(copy, (byte)(descriptor.Tl0PicIdx + 1));
        _ = descriptor.TryRewriteKeyIndex(copy, descriptor.KeyIndex + 1);
        if (Vp8Descriptor.Read(copy, out var again) != status || again.Length != descriptor.Length
            || !copy[descriptor.Length..].SequenceEqual(input.AsSpan(descriptor.Length)))
        {
            throw new InvalidOperationException("a rewrite changed the descriptor's layout or the VP8 data");
        }
    }
}
