using System.Buffers.Binary;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly StunTransactionId Id = StunBytes.Id;

    [Theory]
    [InlineData(0b00, 0x0001)] // request
    [InlineData(0b01, 0x0011)] // indication
    [InlineData(0b10, 0x0101)] // success response
    [InlineData(0b11, 0x0111)] // error response
    public void BindingTypes_AreTheRfcValues(int classBits, int type) // RFC 8489 §5, §18.2
    {
        var messageClass = (StunClass)classBits;
        Assert.Equal(type, StunHeader.EncodeType(messageClass, StunMethod.Binding));
        StunHeader.DecodeType((ushort)type, out var decodedClass, out var method);
        Assert.Equal(messageClass, decodedClass);
        Assert.Equal(StunMethod.Binding, method);
    }

    [Fact]
    public void EveryClassAndMethod_RoundTrips()
    {
        for (var method = 0; method < 0x1000; method++)
        {
            foreach (var messageClass in Enum.GetValues<StunClass>())
            {
                var type = StunHeader.EncodeType(messageClass, (StunMethod)method);
                Assert.True(type < 0x4000);
                StunHeader.DecodeType(type, out var c, out var m);
                Assert.Equal((messageClass, method), (c, (int)m));
            }
        }
    }

    [Fact]
    public void HeaderOnly_Parses()
    {
        var bytes = StunBytes.Request();
        Assert.Equal(20, bytes.Length);
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(Id, message.TransactionId);
        Assert.False(message.HasUsername);
        Assert.False(message.HasMessageIntegrity);
        Assert.False(message.HasFingerprint);
        Assert.Null(message.Priority);
    }

    [Theory]
    [InlineData(0, 0x40)] // top bits set: not STUN (RTP, DTLS...)
    [InlineData(3, 0x01)] // length 1: not a multiple of 4
    [InlineData(3, 0x04)] // length 4 but no bytes follow
    [InlineData(4, 0x00)] // magic cookie broken
    public void BrokenHeader_IsNotStun(int index, byte value)
    {
        var bytes = StunBytes.Request();
        bytes[index] = value;
        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void AttributeOverrunningTheMessage_IsNotStun()
    {
        var bytes = StunBytes.Request((ref StunWriter w) => w.AddPriority(7));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 8);
        Assert.False(StunMessage.TryParse(bytes, out _));
    }

    [Fact]
    public void AttributeAfterFingerprint_IsNotStun()
    {
        var bytes = StunBytes.Request((ref StunWriter w) => w.AddFingerprint());
        var longer = new byte[bytes.Length + 8];
        bytes.CopyTo(longer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(2), 16);
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(28), (ushort)StunAttributeType.Priority);
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(30), 4);
        Assert.False(StunMessage.TryParse(longer, out _));
    }

    [Fact]
    public void AttributesAfterIntegrity_AreIgnored_ExceptFingerprint() // RFC 8489 §14.5
    {
        using var key = new StunIntegrityKey("key"u8);
        var bytes = StunBytes.Request(
            (ref StunWriter w) => w.AddMessageIntegrity(key),
            (ref StunWriter w) => w.AddPriority(7),
            (ref StunWriter w) => w.AddUseCandidate(),
            (ref StunWriter w) => w.AddAttribute((StunAttributeType)0x0042, [1]),
            (ref StunWriter w) => w.AddFingerprint());
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Null(message.Priority);
        Assert.False(message.UseCandidate);
        Assert.False(message.HasUnknownComprehensionRequired);
        Assert.True(key.Verify(message));
        Assert.True(message.IsFingerprintValid());
    }

    [Fact]
    public void FirstOfRepeatedAttributes_Counts()
    {
        var bytes = StunBytes.Request(
            (ref StunWriter w) => w.AddPriority(1),
            (ref StunWriter w) => w.AddPriority(2),
            (ref StunWriter w) => w.AddUsername("a"u8, "b"u8),
            (ref StunWriter w) => w.AddUsername("c"u8, "d"u8));
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.Equal(1u, message.Priority);
        Assert.Equal("a:b"u8.ToArray(), message.Username.ToArray());
    }

    [Fact]
    public void KnownAttributeOfTheWrongSize_MarksTheMessageInvalid()
    {
        var bytes = StunBytes.Request((ref StunWriter w) => w.AddAttribute(StunAttributeType.Priority, [1, 2, 3]));
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.True(message.HasInvalidAttribute);
        Assert.Null(message.Priority);
    }

    [Fact]
    public void UnknownComprehensionRequired_IsFlagged_UnknownOptionalIsNot()
    {
        Assert.True(StunMessage.TryParse(StunBytes.Request((ref StunWriter w) => w.AddAttribute((StunAttributeType)0x0014, "realm"u8)), out var required));
        Assert.True(required.HasUnknownComprehensionRequired);
        Assert.True(StunMessage.TryParse(StunBytes.Request((ref StunWriter w) => w.AddAttribute((StunAttributeType)0xC057, [0, 1, 0, 0])), out var optional));
        Assert.False(optional.HasUnknownComprehensionRequired);
    }

    [Fact]
    public void ErrorCode_RoundTrips()
    {
        var bytes = StunBytes.Request((ref StunWriter w) => w.AddErrorCode(StunErrorCode.RoleConflict));
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict"u8.ToArray(), reason.ToArray());
        Assert.Equal(new byte[] { 0, 0, 4, 87 }, bytes.AsSpan(24, 4).ToArray());
    }

    [Fact]
    public void MappedAddress_IsNotXored()
    {
        var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.1.2.3"), 5000);
        var bytes = StunBytes.Request((ref StunWriter w) => w.AddMappedAddress(endpoint));
        Assert.Equal(new byte[] { 0, 1, 0x13, 0x88, 10, 1, 2, 3 }, bytes.AsSpan(24, 8).ToArray());
        Assert.True(StunMessage.TryParse(bytes, out var message));
        Assert.True(message.TryGetMappedAddress(out var mapped));
        Assert.Equal(endpoint, mapped);
        Assert.False(message.TryGetXorMappedAddress(out _));
    }

    [Fact]
    public void Writer_RefusesToOverrunItsBuffer()
    {
        var buffer = new byte[24];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
            writer.AddPriority(1);
        });
    }
}
