using CsCheck;
using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>Property tests: whatever bytes arrive, the sessions return a status and never throw or accept a forgery.</summary>
public sealed class SrtpFuzzTests
{
    private static readonly Gen<SrtpProfile> Profile = Gen.OneOf<SrtpProfile>(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm);

    [Fact]
    public void RandomBytes_Unprotect_NeverThrowsNorAccepts() =>
        Gen.Select(Profile, Gen.Byte.Array[0, 300], Gen.Bool).Sample((profile, bytes, asRtp) =>
        {
            using var receiver = new SrtpReceiver(Loopback(profile));
            if (bytes.Length > 0)
            {
                bytes[0] = (byte)((bytes[0] & 0x3F) | 0x80); // mostly version 2, so the crypto is reached
            }

            var status = asRtp
                ? receiver.UnprotectRtp(bytes, bytes.Length, out var length)
                : receiver.UnprotectRtcp(bytes, bytes.Length, out length);
            return status != SrtpStatus.Ok && length == 0 && receiver.SsrcCount == 0;
        }, iter: 3000);

    [Fact]
    public void RandomBytes_Protect_NeverThrows() =>
        Gen.Select(Profile, Gen.Byte.Array[0, 300], Gen.Int[0, 24], Gen.Bool).Sample((profile, bytes, room, asRtp) =>
        {
            using var sender = new SrtpSender(Loopback(profile));
            var buffer = new byte[bytes.Length + room];
            bytes.CopyTo(buffer, 0);
            var status = asRtp
                ? sender.ProtectRtp(buffer, bytes.Length, out var length)
                : sender.ProtectRtcp(buffer, bytes.Length, out length);
            return status == SrtpStatus.Ok ? length > bytes.Length && length <= buffer.Length : length == 0;
        }, iter: 3000);

    [Fact]
    public void Truncations_OfValidPackets_AreNeverAccepted() =>
        Gen.Select(Profile, Gen.Byte.Array[0, 200], Gen.Int[0, 4], Gen.Int[-1, 3]).Sample((profile, payload, csrcs, extension) =>
        {
            using var sender = new SrtpSender(Loopback(profile));
            var srtp = ProtectRtp(sender, BuildRtp(11, 22, payload, csrcs, extension));
            var srtcp = ProtectRtcp(sender, BuildRtcp(11, payload));
            for (var cut = 0; cut < srtp.Length; cut++)
            {
                using var receiver = new SrtpReceiver(Loopback(profile));
                Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(srtp.AsSpan(0, cut).ToArray(), cut, out _));
            }

            for (var cut = 0; cut < srtcp.Length; cut++)
            {
                using var receiver = new SrtpReceiver(Loopback(profile));
                Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(srtcp.AsSpan(0, cut).ToArray(), cut, out _));
            }
        }, iter: 40);

    [Fact]
    public void SingleByteMutations_OfValidPackets_AreNeverAccepted() =>
        Gen.Select(Profile, Gen.Byte.Array[1, 200], Gen.Int[0, 10_000], Gen.Byte[1, 255], Gen.Bool).Sample((profile, payload, at, flip, asRtp) =>
        {
            using var sender = new SrtpSender(Loopback(profile));
            using var receiver = new SrtpReceiver(Loopback(profile));
            var packet = asRtp ? ProtectRtp(sender, BuildRtp(3, 4, payload, 1, 1)) : ProtectRtcp(sender, BuildRtcp(3, payload));
            packet[at % packet.Length] ^= flip;
            var status = asRtp
                ? receiver.UnprotectRtp(packet, packet.Length, out var length)
                : receiver.UnprotectRtcp(packet, packet.Length, out length);
            return status != SrtpStatus.Ok && length == 0;
        }, iter: 3000);
}
