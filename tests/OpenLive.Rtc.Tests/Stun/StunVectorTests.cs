using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Stun;

/// <summary>The reader and writer against RFC 5769's test vectors.</summary>
public sealed class StunVectorTests
{
    private static StunTransactionId Id => StunTransactionId.Read(Rfc5769Vectors.TransactionId);

    [Fact]
    public void SampleRequest_Parses_WithEveryIceAttribute() // RFC 5769 §2.1
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(Id, message.TransactionId);
        Assert.Equal("evtj:h6vY"u8.ToArray(), message.Username.ToArray());
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.False(message.UseCandidate);
        Assert.False(message.HasInvalidAttribute);
        Assert.False(message.HasUnknownComprehensionRequired);
        Assert.True(message.IsFingerprintValid());
        using var key = StunIntegrityKey.ForPassword(Rfc5769Vectors.Password);
        Assert.True(key.Verify(message));
    }

    [Fact]
    public void SampleRequest_WithAnotherPassword_FailsIntegrity()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));
        using var key = StunIntegrityKey.ForPassword("VOkJxbRl1RmTxUk/WvJxBu");
        Assert.False(key.Verify(message));
    }

    [Fact]
    public void Writer_ReproducesTheSampleRequest()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
        writer.AddAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj"u8, "h6vY"u8);
        // The RFC pads USERNAME with spaces where we write zeros (padding is "any value", RFC 8489 §14); put its
        // padding in so the MAC and CRC that follow must come out the same as the RFC's.
        buffer.AsSpan(writer.Length - 3, 3).Fill((byte)' ');
        using var key = StunIntegrityKey.ForPassword(Rfc5769Vectors.Password);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Assert.Equal(Rfc5769Vectors.Request, writer.Written.ToArray());
    }

    [Fact]
    public void SampleIPv4Response_Parses() // RFC 5769 §2.2
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv4Response, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.IsFingerprintValid());
        using var key = StunIntegrityKey.ForPassword(Rfc5769Vectors.Password);
        Assert.True(key.Verify(message));
    }

    [Fact]
    public void SampleIPv6Response_Parses() // RFC 5769 §2.3
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv6Response, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.IsFingerprintValid());
        using var key = StunIntegrityKey.ForPassword(Rfc5769Vectors.Password);
        Assert.True(key.Verify(message));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    public void Writer_ReproducesTheSampleResponses(string address)
    {
        var expected = address.Contains(':', StringComparison.Ordinal) ? Rfc5769Vectors.IPv6Response : Rfc5769Vectors.IPv4Response;
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, Id);
        writer.AddAttribute(StunAttributeType.Software, "test vector"u8);
        buffer[writer.Length - 1] = (byte)' '; // the RFC's padding byte, as above
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), 32853));
        using var key = StunIntegrityKey.ForPassword(Rfc5769Vectors.Password);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Ipv4MappedIPv6Source_IsWrittenAsIPv4()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, Id);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 32853));
        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.Equal(Rfc5769Vectors.IPv4Response.AsSpan(36, 12).ToArray(), buffer.AsSpan(20, 12).ToArray());
    }
}
