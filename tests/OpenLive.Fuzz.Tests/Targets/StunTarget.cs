using System.Net;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Stun;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// STUN as the ICE-lite responder and the client agent read it: <see cref="StunMessage.TryParse"/>, the attribute
/// enumeration, MESSAGE-INTEGRITY and FINGERPRINT checks and every attribute accessor. Seeds are Binding requests
/// and responses as the project's writer makes them (with integrity and fingerprint, IPv4 and IPv6 addresses).
/// </summary>
internal sealed class StunTarget : FuzzTarget<byte[]>
{
    private const string Password = "4xatws8phP9nhFyJfm5di4Pz";
    private readonly StunIntegrityKey key = StunIntegrityKey.ForPassword(Password);

    public override string Name => "STUN";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    // Parsing and the checks allocate nothing; only the address accessors make an IPEndPoint (IPv6: address bytes too).
    protected override long AllocationBound(int inputLength) => 512;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        var raw = new StunAttributeEnumerator(input.AsSpan(Math.Min(input.Length, 20)));
        while (raw.MoveNext())
        {
            _ = raw.Type;
        }

        if (!StunMessage.TryParse(input, out var message))
        {
            return;
        }

        var attributes = message.Attributes;
        while (attributes.MoveNext())
        {
            _ = attributes.Value.Length;
        }

        _ = message.IsFingerprintValid();
        _ = key.Verify(message);
        _ = message.TransactionId;
        _ = message.Username;
        _ = message.Priority;
        _ = message.IceControlling;
        _ = message.IceControlled;
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
    }

    private static List<byte[]> BuildSeeds()
    {
        using var key = StunIntegrityKey.ForPassword(Password);
        var seeds = new List<byte[]>();
        var buffer = new byte[StunWriter.MaxIceMessageLength];

        var request = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        request.AddUsername("1qtc"u8, "EsAw"u8);
        request.AddPriority(1_853_824_767);
        request.AddIceControlling(0x0123_4567_89AB_CDEF);
        request.AddUseCandidate();
        request.AddMessageIntegrity(key);
        request.AddFingerprint();
        seeds.Add(request.Written.ToArray());

        var controlled = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        controlled.AddUsername("EsAw"u8, "1qtc"u8);
        controlled.AddPriority(2_130_706_431);
        controlled.AddIceControlled(42);
        controlled.AddMessageIntegrity(key);
        controlled.AddFingerprint();
        seeds.Add(controlled.Written.ToArray());

        var success = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, StunTransactionId.NewRandom());
        success.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 61764));
        success.AddMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 61764));
        success.AddMessageIntegrity(key);
        success.AddFingerprint();
        seeds.Add(success.Written.ToArray());

        var success6 = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, StunTransactionId.NewRandom());
        success6.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 3478));
        success6.AddMessageIntegrity(key);
        success6.AddFingerprint();
        seeds.Add(success6.Written.ToArray());

        var error = new StunWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, StunTransactionId.NewRandom());
        error.AddErrorCode(487);
        error.AddUnknownAttributes([0x0001, 0x7FFF]);
        error.AddAttribute(StunAttributeType.Software, "openlive fuzz"u8);
        error.AddMessageIntegrity(key);
        error.AddFingerprint();
        seeds.Add(error.Written.ToArray());

        var bare = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        seeds.Add(bare.Written.ToArray());
        return seeds;
    }
}
