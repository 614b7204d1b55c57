using System.Net;
using CsCheck;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Stun;

/// <summary>Property tests: whatever arrives, the reader answers without throwing; what the writer writes reads back.</summary>
public sealed class StunFuzzTests
{
    private static readonly StunAttributeType[] KnownTypes =
    [
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity,
        StunAttributeType.ErrorCode, StunAttributeType.UnknownAttributes, StunAttributeType.XorMappedAddress,
        StunAttributeType.Priority, StunAttributeType.UseCandidate, StunAttributeType.Software,
        StunAttributeType.Fingerprint, StunAttributeType.IceControlled, StunAttributeType.IceControlling,
    ];

    /// <summary>Attributes of known and random types with values of any size, so every size check gets hit.</summary>
    private static readonly Gen<(ushort Type, byte[] Value)> AnyAttribute = Gen.Select(
        Gen.Frequency((3, Gen.OneOf<StunAttributeType>(KnownTypes).Select(t => (ushort)t)), (1, Gen.UShort)),
        Gen.Frequency((3, Gen.Byte.Array[0, 24]), (1, Gen.Byte.Array[0, 600])));

    private static readonly Gen<IPEndPoint> AnyEndpoint = Gen.Select(
        Gen.Frequency((1, Gen.Byte.Array[4]), (1, Gen.Byte.Array[16])), Gen.Int[0, 65535], (a, p) => new IPEndPoint(new IPAddress(a), p));

    private static readonly Gen<Fields> AnyFields =
        Gen.Select(
            Gen.Select(Gen.OneOf<StunClass>(Enum.GetValues<StunClass>()), Gen.ULong, Gen.UInt, (c, h, l) => (Class: c, Id: new StunTransactionId(h, l))),
            Gen.Byte.Array[0, StunMessage.MaxUsernameLength - 5], // room for ":peer"
            Gen.Select(Gen.UInt, Gen.ULong, Gen.Bool, Gen.Bool, (p, t, c, u) => (Priority: p, Tiebreaker: t, Controlling: c, UseCandidate: u)),
            Gen.Select(Gen.Bool, AnyEndpoint, (has, e) => has ? e : null),
            Gen.Select(Gen.Int[300, 699], Gen.Byte.Array[0, 64], (c, r) => (Code: c, Reason: r)),
            Gen.Byte.Array[1, 64])
        .Select((a, username, ice, mapped, error, key) => new Fields(a.Class, a.Id, username, ice.Priority, ice.Tiebreaker, ice.Controlling, ice.UseCandidate, mapped, error.Code, error.Reason, key));

    [Fact]
    public void RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 200].Sample(Exercise, iter: 20_000);

    [Fact]
    public void RandomAttributes_BehindAValidHeader_NeverThrow() =>
        AnyAttribute.Array[0, 8].Select(Gen.Bool).Sample((attributes, sign) => Exercise(WriteRaw(attributes, sign)), iter: 5_000);

    [Fact]
    public void WrittenMessages_ReadBack()
    {
        AnyFields.Sample(fields =>
        {
            var bytes = Write(fields);
            Assert.True(StunMessage.TryParse(bytes, out var message));
            Assert.Equal(fields.Class, message.Class);
            Assert.Equal(StunMethod.Binding, message.Method);
            Assert.Equal(fields.Id, message.TransactionId);
            Assert.Equal([.. fields.Username, (byte)':', .. "peer"u8], message.Username.ToArray());
            Assert.Equal(fields.Priority, message.Priority);
            Assert.Equal(fields.Controlling ? fields.Tiebreaker : null, message.IceControlling);
            Assert.Equal(fields.Controlling ? null : fields.Tiebreaker, message.IceControlled);
            Assert.Equal(fields.UseCandidate, message.UseCandidate);
            Assert.Equal(fields.Mapped is not null, message.TryGetXorMappedAddress(out var mapped));
            Assert.Equal(fields.Mapped, mapped);
            Assert.True(message.TryGetErrorCode(out var code, out var reason));
            Assert.Equal(fields.Code, code);
            Assert.Equal(fields.Reason, reason.ToArray());
            Assert.False(message.HasInvalidAttribute);
            Assert.True(message.IsFingerprintValid());
            using var key = new StunIntegrityKey(fields.Key);
            Assert.True(key.Verify(message));
        }, iter: 2_000);
    }

    [Fact]
    public void Truncations_AreRefused()
    {
        AnyFields.Select(f => Write(f)).SelectMany(bytes => Gen.Int[0, bytes.Length - 1].Select(cut => bytes[..cut])).Sample(cut =>
        {
            Assert.False(StunMessage.TryParse(cut, out _));
            Exercise(cut);
        }, iter: 5_000);
    }

    [Fact]
    public void SingleByteMutations_NeverThrow_AndNeverPassTheFingerprint()
    {
        AnyFields.Select(f => Write(f))
            .SelectMany(bytes => Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Byte[1, 255], (at, flip) => Mutate(bytes, at, flip)))
            .Sample(mutated =>
            {
                Exercise(mutated);
                // CRC-32 catches every single-byte error; a mutation that hides the FINGERPRINT makes it absent.
                Assert.False(StunMessage.TryParse(mutated, out var message) && message.HasFingerprint && message.IsFingerprintValid());
            }, iter: 10_000);
    }

    /// <summary>Runs every reader entry point over the bytes; the test fails if any throws.</summary>
    internal static void Exercise(byte[] bytes)
    {
        if (!StunMessage.TryParse(bytes, out var message))
        {
            return;
        }

        _ = (message.Class, message.Method, message.TransactionId, message.Username.Length, message.Priority, message.UseCandidate);
        _ = (message.IceControlling, message.IceControlled, message.HasInvalidAttribute, message.HasUnknownComprehensionRequired);
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.IsFingerprintValid();
        using var key = new StunIntegrityKey("key"u8);
        _ = key.Verify(message);
        var attributes = message.Attributes;
        while (attributes.MoveNext())
        {
            _ = attributes.Value.Length;
        }
    }

    private static byte[] Mutate(byte[] bytes, int at, byte flip)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= flip;
        return copy;
    }

    private static byte[] Write(Fields f)
    {
        var username = f.Username;
        var key = f.Key;
        var reason = f.Reason;
        return StunBytes.Write(
            f.Class,
            f.Id,
            (ref StunWriter w) => w.AddUsername(username, "peer"u8),
            (ref StunWriter w) => w.AddPriority(f.Priority),
            (ref StunWriter w) =>
            {
                if (f.Controlling)
                {
                    w.AddIceControlling(f.Tiebreaker);
                }
                else
                {
                    w.AddIceControlled(f.Tiebreaker);
                }
            },
            (ref StunWriter w) =>
            {
                if (f.UseCandidate)
                {
                    w.AddUseCandidate();
                }
            },
            (ref StunWriter w) =>
            {
                if (f.Mapped is not null)
                {
                    w.AddXorMappedAddress(f.Mapped);
                }
            },
            (ref StunWriter w) => w.AddErrorCode(f.Code, reason),
            (ref StunWriter w) => w.AddMessageIntegrity(new StunIntegrityKey(key)),
            (ref StunWriter w) => w.AddFingerprint());
    }

    private static byte[] WriteRaw((ushort Type, byte[] Value)[] attributes, bool sign)
    {
        var steps = new List<WriteStep>();
        foreach (var (type, value) in attributes)
        {
            steps.Add((ref StunWriter w) => w.AddAttribute((StunAttributeType)type, value));
        }

        if (sign)
        {
            steps.Add((ref StunWriter w) => w.AddMessageIntegrity(new StunIntegrityKey("key"u8)));
            steps.Add((ref StunWriter w) => w.AddFingerprint());
        }

        return StunBytes.Write(StunClass.Request, StunBytes.Id, [.. steps]);
    }

    internal sealed record Fields(
        StunClass Class, StunTransactionId Id, byte[] Username, uint Priority, ulong Tiebreaker, bool Controlling,
        bool UseCandidate, IPEndPoint? Mapped, int Code, byte[] Reason, byte[] Key);
}
