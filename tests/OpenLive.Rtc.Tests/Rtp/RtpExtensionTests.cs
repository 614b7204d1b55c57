using CsCheck;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Tests.Rtp;

public sealed class RtpExtensionTests
{
    private const string FixedHeader = "900000010000000200000003";

    [Fact]
    public void OneByte_SkipsPadding_AndReadsEveryElement()
    {
        // RFC 8285 §4.2 layout: id 1 (1 byte), padding, id 2 (2 bytes), id 3 (4 bytes), then zero padding to the word.
        var packet = Convert.FromHexString(FixedHeader + "BEDE0003" + "10AA" + "00" + "21BBCC" + "33DDEEFF11" + "00" + "CAFE");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        var elements = Collect(packet, header, out var malformed);
        Assert.False(malformed);
        Assert.Equal([new RtpExtensionElement(1, 17, 1), new RtpExtensionElement(2, 20, 2), new RtpExtensionElement(3, 23, 4)], elements);
        Assert.True(RtpExtensions.TryGetValue(packet, header, 3, out var value));
        Assert.Equal(Convert.FromHexString("DDEEFF11"), value.ToArray());
        Assert.False(RtpExtensions.TryGetExtension(packet, header, 4, out _, out _));
        Assert.False(RtpExtensions.TryGetExtension(packet, header, 0, out _, out _));
    }

    [Fact]
    public void OneByte_Id15_StopsParsingWithoutError()
    {
        var packet = Convert.FromHexString(FixedHeader + "BEDE0002" + "10AA" + "F0" + "21BBCC" + "0000");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal([new RtpExtensionElement(1, 17, 1)], Collect(packet, header, out var malformed));
        Assert.False(malformed);
        Assert.False(RtpExtensions.TryGetExtension(packet, header, 2, out _, out _));
    }

    [Fact]
    public void OneByte_ElementOverrunningTheBlock_IsMalformed()
    {
        var packet = Convert.FromHexString(FixedHeader + "BEDE0001" + "10AA" + "23BB");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal([new RtpExtensionElement(1, 17, 1)], Collect(packet, header, out var malformed));
        Assert.True(malformed);
    }

    [Fact]
    public void TwoByte_ReadsZeroLengthElements_AndAppBits()
    {
        // RFC 8285 §4.3: profile 0x100 + app bits 0x5; id 1 with 0 bytes, padding, id 200 with 3 bytes.
        var packet = Convert.FromHexString(FixedHeader + "10050002" + "0100" + "00" + "C803ABCDEF");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(RtpExtensionEncoding.TwoByte, header.ExtensionEncoding);
        Assert.Equal([new RtpExtensionElement(1, 18, 0), new RtpExtensionElement(200, 21, 3)], Collect(packet, header, out var malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void OtherProfiles_HaveNoElements()
    {
        var packet = Convert.FromHexString(FixedHeader + "ABCD0001" + "10AA0000");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(RtpExtensionEncoding.Other, header.ExtensionEncoding);
        Assert.Empty(Collect(packet, header, out _));
    }

    [Fact]
    public void Overwrite_ReplacesOnlyASameLengthValue()
    {
        var packet = Convert.FromHexString(FixedHeader + "BEDE0002" + "10AA" + "21BBCC" + "000000");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(RtpExtensions.TryOverwrite(packet, header, 2, [0x12, 0x34]));
        Assert.False(RtpExtensions.TryOverwrite(packet, header, 2, [0x12]));
        Assert.False(RtpExtensions.TryOverwrite(packet, header, 5, [0x12]));
        Assert.Equal(Convert.FromHexString(FixedHeader + "BEDE0002" + "10AA" + "211234" + "000000"), packet);
    }

    [Theory]
    [InlineData(RtpExtensionEncoding.OneByte)]
    [InlineData(RtpExtensionEncoding.TwoByte)]
    public void Writer_RoundTripsAnyElements(RtpExtensionEncoding encoding)
    {
        var maxId = encoding == RtpExtensionEncoding.OneByte ? 14 : 255;
        var minLength = encoding == RtpExtensionEncoding.OneByte ? 1 : 0;
        var maxLength = encoding == RtpExtensionEncoding.OneByte ? 16 : 255;
        var element = Gen.Select(Gen.Int[1, maxId], Gen.Byte.Array[minLength, maxLength]);
        Gen.Select(element.Array[0, 8], Gen.Byte.Array[0, 50], Gen.Int[0, 20]).Sample((elements, payload, padding) =>
        {
            var buffer = new byte[3000];
            var writer = new RtpPacketWriter(buffer, 111, 7, 8, 9, marker: true, encoding, [1u, 2u]);
            foreach (var (id, data) in elements)
            {
                Assert.True(writer.TryAddExtension(id, data));
            }

            Assert.True(writer.TryFinish(payload, padding, out var length));
            var packet = buffer.AsSpan(0, length);
            Assert.True(RtpHeader.TryParse(packet, out var header));
            Assert.Equal(elements.Length > 0, header.HasExtension);
            Assert.Equal(0, header.ExtensionLength % 4);
            Assert.Equal(payload, header.GetPayload(packet).ToArray());
            Assert.Equal(padding, header.PaddingLength);
            Assert.Equal(2u, header.GetCsrc(packet, 1));
            var read = new List<(int, string)>();
            var enumerator = RtpExtensions.Enumerate(packet, header);
            while (enumerator.MoveNext())
            {
                read.Add((enumerator.Current.Id, Convert.ToHexString(packet.Slice(enumerator.Current.Offset, enumerator.Current.Length))));
            }

            Assert.False(enumerator.IsMalformed);
            Assert.Equal(elements.Select(e => (e.Item1, Convert.ToHexString(e.Item2))).ToList(), read);
        }, iter: 2000);
    }

    [Fact]
    public void Writer_RefusesElementsTheEncodingCannotCarry()
    {
        var buffer = new byte[100];
        var oneByte = new RtpPacketWriter(buffer, 96, 1, 1, 1, marker: false);
        Assert.False(oneByte.TryAddExtension(15, [1]));
        Assert.True(oneByte.Failed);
        var empty = new RtpPacketWriter(buffer, 96, 1, 1, 1, marker: false);
        Assert.False(empty.TryAddExtension(1, []));
        var twoByte = new RtpPacketWriter(buffer, 96, 1, 1, 1, marker: false, RtpExtensionEncoding.TwoByte);
        Assert.False(twoByte.TryAddExtension(0, [1]));
        var none = new RtpPacketWriter(buffer, 96, 1, 1, 1, marker: false, RtpExtensionEncoding.None);
        Assert.False(none.TryAddExtension(1, [1]));
        var tooSmall = new RtpPacketWriter(buffer.AsSpan(0, 18), 96, 1, 1, 1, marker: false);
        Assert.True(tooSmall.TryAddExtension(1, [1]));
        Assert.False(tooSmall.TryAddExtension(2, [1, 2]));
    }

    [Fact]
    public void RandomExtensionBlocks_NeverThrow() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 64]).Sample((twoByte, block) =>
        {
            var words = block.Length / 4;
            var packet = Convert.FromHexString(FixedHeader + (twoByte ? "1000" : "BEDE") + words.ToString("X4", System.Globalization.CultureInfo.InvariantCulture))
                .Concat(block).ToArray();
            Assert.True(RtpHeader.TryParse(packet, out var header));
            foreach (var element in RtpExtensions.Enumerate(packet, header))
            {
                Assert.InRange(element.Offset + element.Length, 0, header.ExtensionOffset + header.ExtensionLength);
            }

            RtpExtensions.TryGetExtension(packet, header, block.Length > 0 ? block[0] : 1, out _, out _);
        }, iter: 10_000);

    private static List<RtpExtensionElement> Collect(ReadOnlySpan<byte> packet, in RtpHeader header, out bool malformed)
    {
        var list = new List<RtpExtensionElement>();
        var enumerator = RtpExtensions.Enumerate(packet, header);
        while (enumerator.MoveNext())
        {
            list.Add(enumerator.Current);
        }

        malformed = enumerator.IsMalformed;
        return list;
    }
}
