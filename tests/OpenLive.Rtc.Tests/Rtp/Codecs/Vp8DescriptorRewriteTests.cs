using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Rtc.Tests.Rtp.Codecs;

/// <summary>
/// <see cref="Vp8Descriptor.Read"/> and the in-place rewriters against descriptors built field by field: every
/// combination of the optional fields (I with a 7- or 15-bit picture id, L, T, K), every truncation, and the wraps.
/// </summary>
public sealed class Vp8DescriptorRewriteTests
{
    /// <summary>Every combination: bit 0 I, bit 1 M (15-bit id, with I), bit 2 L, bit 3 T, bit 4 K; 0 = no X byte.</summary>
    public static TheoryData<int> Combinations => [.. Enumerable.Range(0, 32).Where(c => (c & 0b11) != 0b10)];

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryFieldCombination_ReadsBack_AndRewritesInPlace(int combination)
    {
        var spec = Spec.Of(combination);
        var payload = spec.Build(pictureId: spec.Wide ? 0x7FFE : 0x7E, tl0: 0xFE, tid: 2, sync: true, keyIndex: 30, keyframe: true);

        Assert.Equal(Vp8DescriptorStatus.Ok, Vp8Descriptor.Read(payload, out var d));
        Assert.Equal(spec.Length, d.Length);
        Assert.True(d.IsStartOfFrame);
        Assert.True(d.IsKeyframe);
        Assert.Equal(spec.I ? (spec.Wide ? 15 : 7) : 0, d.PictureIdWidth);
        Assert.Equal(spec.I ? (spec.Wide ? 0x7FFE : 0x7E) : Vp8Descriptor.NoPictureId, d.PictureId);
        Assert.Equal(spec.L, d.HasTl0PicIdx);
        Assert.Equal(spec.L ? 0xFE : 0, d.Tl0PicIdx);
        Assert.Equal(spec.T, d.HasTemporalLayer);
        Assert.Equal(spec.T ? 2 : 0, d.TemporalLayer);
        Assert.Equal(spec.T, d.IsLayerSync);
        Assert.Equal(spec.K, d.HasKeyIndex);
        Assert.Equal(spec.K ? 30 : 0, d.KeyIndex);

        // Rewrite past each field's wrap: 15 bits, 7 bits, 8 bits, 5 bits.
        var original = (byte[])payload.Clone();
        Assert.Equal(spec.I, d.TryRewritePictureId(payload, spec.Wide ? 0x8001 : 0x81));
        Assert.Equal(spec.L, d.TryRewriteTl0PicIdx(payload, 0x01));
        Assert.Equal(spec.K, d.TryRewriteKeyIndex(payload, 33));

        Assert.Equal(Vp8DescriptorStatus.Ok, Vp8Descriptor.Read(payload, out var rewritten));
        Assert.Equal(d.Length, rewritten.Length);
        Assert.Equal(original[d.Length..], payload[d.Length..]); // The VP8 data is untouched.
        Assert.Equal(original[0], payload[0]);
        Assert.Equal(spec.I ? 1 : Vp8Descriptor.NoPictureId, rewritten.PictureId);
        Assert.Equal(d.PictureIdWidth, rewritten.PictureIdWidth); // Width (M bit) kept.
        Assert.Equal(spec.L ? 1 : 0, rewritten.Tl0PicIdx);
        Assert.Equal(spec.K ? 1 : 0, rewritten.KeyIndex);
        Assert.Equal(d.TemporalLayer, rewritten.TemporalLayer); // TID and Y survive a KEYIDX rewrite.
        Assert.Equal(d.IsLayerSync, rewritten.IsLayerSync);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryTruncation_IsReported_NeverThrows(int combination)
    {
        var spec = Spec.Of(combination);
        var payload = spec.Build(pictureId: 5, tl0: 6, tid: 1, sync: false, keyIndex: 7, keyframe: false);
        Assert.Equal(Vp8DescriptorStatus.Empty, Vp8Descriptor.Read([], out _));
        for (var length = 1; length < spec.Length; length++)
        {
            Assert.Equal(Vp8DescriptorStatus.Truncated, Vp8Descriptor.Read(payload.AsSpan(0, length), out var cut));
            Assert.Equal(0, cut.Length);
            Assert.False(Vp8Descriptor.TryParse(payload.AsSpan(0, length), out _));
        }

        // The descriptor alone: read, but no VP8 data follows (and no keyframe can be seen).
        Assert.Equal(Vp8DescriptorStatus.NoPayload, Vp8Descriptor.Read(payload.AsSpan(0, spec.Length), out var bare));
        Assert.Equal(spec.Length, bare.Length);
        Assert.False(bare.IsKeyframe);
    }

    [Fact]
    public void Keyframe_IsTheFirstPartitionsStart_WithPBitClear()
    {
        var spec = Spec.Of(0b01101);
        Assert.True(Read(spec.Build(1, 1, 0, false, 0, keyframe: true)).IsKeyframe);
        Assert.False(Read(spec.Build(1, 1, 0, false, 0, keyframe: false)).IsKeyframe);

        // Not the start of the frame: S clear, or the start of a later partition (PID 1), whatever the next byte says.
        var middle = spec.Build(1, 1, 0, false, 0, keyframe: true);
        middle[0] = 0x80;
        Assert.False(Read(middle).IsKeyframe);
        Assert.False(Read(middle).IsStartOfFrame);
        var partition = spec.Build(1, 1, 0, false, 0, keyframe: true);
        partition[0] = 0x91;
        Assert.False(Read(partition).IsKeyframe);
        Assert.True(Read(partition).IsStartOfPartition);
        Assert.Equal(1, Read(partition).PartitionIndex);
    }

    [Fact]
    public void KeyIndexRewrite_NeedsTheKBit_EvenWithATidByte()
    {
        var tidOnly = Spec.Of(0b01001).Build(3, 0, 3, true, 0, keyframe: false);
        var d = Read(tidOnly);
        Assert.False(d.TryRewriteKeyIndex(tidOnly, 9));
        Assert.Equal(3, Read(tidOnly).TemporalLayer);

        // A payload shorter than the descriptor it was read from is refused, not written past.
        var withKey = Spec.Of(0b10001).Build(3, 0, 0, false, 4, keyframe: false);
        Assert.False(Read(withKey).TryRewriteKeyIndex(withKey.AsSpan(0, 2), 9));
    }

    private static Vp8Descriptor Read(byte[] payload)
    {
        Assert.Equal(Vp8DescriptorStatus.Ok, Vp8Descriptor.Read(payload, out var d));
        return d;
    }

    private readonly record struct Spec(bool I, bool Wide, bool L, bool T, bool K)
    {
        public static Spec Of(int c) => new((c & 1) != 0, (c & 2) != 0, (c & 4) != 0, (c & 8) != 0, (c & 16) != 0);

        public bool X => I || L || T || K;

        public int Length => 1 + (X ? 1 : 0) + (I ? (Wide ? 2 : 1) : 0) + (L ? 1 : 0) + (T || K ? 1 : 0);

        /// <summary>The descriptor (S=1, PID 0) then a VP8 payload header (P from <paramref name="keyframe"/>) and two bytes.</summary>
        public byte[] Build(int pictureId, int tl0, int tid, bool sync, int keyIndex, bool keyframe)
        {
            var bytes = new List<byte> { (byte)((X ? 0x80 : 0) | 0x10) };
            if (X)
            {
                bytes.Add((byte)((I ? 0x80 : 0) | (L ? 0x40 : 0) | (T ? 0x20 : 0) | (K ? 0x10 : 0)));
            }

            if (I)
            {
                if (Wide)
                {
                    bytes.Add((byte)(0x80 | (pictureId >> 8)));
                    bytes.Add((byte)pictureId);
                }
                else
                {
                    bytes.Add((byte)(pictureId & 0x7F));
                }
            }

            if (L)
            {
                bytes.Add((byte)tl0);
            }

            if (T || K)
            {
                bytes.Add((byte)((T ? (tid << 6) | (sync ? 0x20 : 0) : 0) | (K ? keyIndex & 0x1F : 0)));
            }

            bytes.Add((byte)(keyframe ? 0x10 : 0x11));
            bytes.Add(0x9D);
            bytes.Add(0x01);
            return [.. bytes];
        }
    }
}
