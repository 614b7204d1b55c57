using CsCheck;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;

namespace OpenLive.Rtc.Tests.Rtp;

public sealed class ExtensionValueTests
{
    [Theory]
    [InlineData(0L, 0x000000u)]
    [InlineData(10_000_000L, 0x040000u)] // 1 s = 1 << 18
    [InlineData(5_000_000L, 0x020000u)] // 0.5 s
    [InlineData(635_000_000L, 0xFE0000u)] // 63.5 s
    [InlineData(640_000_000L, 0x000000u)] // 64 s wraps
    [InlineData(-10_000_000L, 0xFC0000u)] // -1 s is 63 s on the wrapped clock
    [InlineData(long.MaxValue, 0x95E90Au)] // far from overflow, reduced modulo 64 s first
    public void AbsSendTime_IsSixPointEighteenSecondsModulo64(long ticks, uint expected) =>
        Assert.Equal(expected, AbsSendTime.FromTime(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void AbsSendTime_RoundTripsWithinOneUnit() =>
        Gen.Long[0, 640_000_000L - 1].Sample(ticks =>
        {
            var value = AbsSendTime.FromTime(TimeSpan.FromTicks(ticks));
            Span<byte> bytes = stackalloc byte[3];
            AbsSendTime.Write(bytes, value);
            Assert.True(AbsSendTime.TryRead(bytes, out var read));
            Assert.Equal(value, read);
            var back = AbsSendTime.ToTime(read).Ticks;
            Assert.InRange(ticks - back, 0, (TimeSpan.TicksPerSecond >> 18) + 1);
        });

    [Fact]
    public void TransportWideSequence_IsRewrittenInPlace()
    {
        var buffer = new byte[100];
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3, marker: false);
        Assert.True(writer.TryAddExtension(5, [0x00, 0x01]));
        Assert.True(writer.TryAddExtension(3, AbsSendTime.Length, out var abs));
        AbsSendTime.Write(abs, 0x123456);
        Assert.True(writer.TryFinish("x"u8, 0, out var length));
        var packet = buffer.AsSpan(0, length);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(TransportWideSequence.TryRead(packet, header, 5, out var seq));
        Assert.Equal(1, seq);
        Assert.True(TransportWideSequence.TryRewrite(packet, header, 5, 0xBEEF));
        Assert.True(AbsSendTime.TryRewrite(packet, header, 3, 0xABCDEF));
        Assert.False(TransportWideSequence.TryRewrite(packet, header, 3, 1)); // 3 bytes, not a transport sequence
        Assert.True(TransportWideSequence.TryRead(packet, header, 5, out seq));
        Assert.Equal(0xBEEF, seq);
        Assert.True(RtpExtensions.TryGetValue(packet, header, 3, out var absValue));
        Assert.True(AbsSendTime.TryRead(absValue, out var absRead));
        Assert.Equal(0xABCDEFu, absRead);
    }

    [Fact]
    public void Sdes_ValuesCompareAsBytes_AndStopAtNul()
    {
        var buffer = new byte[100];
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3, marker: false);
        Assert.True(writer.TryAddExtension(1, "0"u8));
        Assert.True(writer.TryAddExtension(2, "hi\0\0"u8));
        Assert.True(writer.TryAddExtension(3, "\0"u8));
        Assert.True(writer.TryFinish([], 0, out var length));
        var packet = buffer.AsSpan(0, length);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(SdesExtension.Matches(packet, header, 1, "0"u8));
        Assert.False(SdesExtension.Matches(packet, header, 1, "1"u8));
        Assert.True(SdesExtension.TryGetValue(packet, header, 2, out var rid));
        Assert.Equal("hi"u8.ToArray(), rid.ToArray());
        Assert.False(SdesExtension.TryGetValue(packet, header, 3, out _));
        Assert.False(SdesExtension.TryGetValue(packet, header, 4, out _));
    }

    [Theory]
    [InlineData(true, 30, 0x9E)]
    [InlineData(false, 127, 0x7F)]
    [InlineData(false, 0, 0x00)]
    [InlineData(true, 200, 0xFF)] // clamped to silence
    public void AudioLevel_PacksTheVoiceBitAndLevel(bool voice, int level, byte expected)
    {
        Assert.Equal(expected, AudioLevel.Encode(voice, level));
        Assert.True(AudioLevel.TryRead([expected], out var readVoice, out var readLevel));
        Assert.Equal((voice, Math.Min(level, 127)), (readVoice, readLevel));
        Assert.False(AudioLevel.TryRead([], out _, out _));
    }

    [Theory]
    [InlineData(false, false, 0, 0x00)]
    [InlineData(false, false, 90, 0x01)]
    [InlineData(true, true, 270, 0x0F)]
    [InlineData(false, true, -90, 0x07)]
    public void VideoOrientation_PacksCameraFlipAndRotation(bool back, bool flip, int degrees, byte expected)
    {
        Assert.Equal(expected, new VideoOrientation(back, flip, degrees).Encode());
        Assert.True(VideoOrientation.TryRead([expected], out var read));
        Assert.Equal(new VideoOrientation(back, flip, ((degrees % 360) + 360) % 360), read);
    }

    [Fact]
    public void ExtensionMap_MapsUrisToIds()
    {
        var map = new RtpExtensionMap();
        Assert.True(map.TryAdd(3, RtpExtensionUris.TransportWideCc));
        Assert.True(map.TryAdd(4, RtpExtensionUris.Mid));
        Assert.True(map.TryAdd(4, RtpExtensionUris.Mid));
        Assert.False(map.TryAdd(4, RtpExtensionUris.RtpStreamId));
        Assert.False(map.TryAdd(0, RtpExtensionUris.RtpStreamId));
        Assert.False(map.TryAdd(256, RtpExtensionUris.RtpStreamId));
        Assert.True(map.TryAdd(10, "urn:example:unknown"));
        Assert.Equal(3, map.TransportWideCc);
        Assert.Equal(4, map.Mid);
        Assert.Equal(0, map.RtpStreamId);
        Assert.Equal(10, map.IdOf("urn:example:unknown"));
        Assert.Equal(RtpExtensionUris.Mid, map.UriOf(4));
        Assert.Null(map.UriOf(5));
        Assert.True(map.FitsOneByte());
        Assert.True(map.TryAdd(20, RtpExtensionUris.AbsSendTime));
        Assert.Equal(20, map.AbsSendTime);
        Assert.False(map.FitsOneByte());
    }

    [Fact]
    public void SequenceUnwrapper_CountsThroughTheWrap_AndPlacesLatePacketsBehind()
    {
        var unwrapper = new SequenceUnwrapper();
        var first = unwrapper.Unwrap(65534);
        Assert.Equal(first + 1, unwrapper.Unwrap(65535));
        Assert.Equal(first + 2, unwrapper.Unwrap(0));
        Assert.Equal(first + 1, unwrapper.Unwrap(65535));
        Assert.Equal(first + 5, unwrapper.Unwrap(3));
        Assert.Equal(first + 5 + 32767, unwrapper.Peek(3 + 32767));
        Assert.Equal(first + 5 - 32768, unwrapper.Peek(unchecked((ushort)(3 + 32768))));
        Assert.True(SequenceNumbers.IsNewer(0, 65535));
        Assert.False(SequenceNumbers.IsNewer(65535, 0));
        Assert.Equal(-2, SequenceNumbers.Distance(1, 65535));
    }
}
