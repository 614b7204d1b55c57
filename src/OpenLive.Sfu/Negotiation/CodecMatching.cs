using System.Globalization;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// Finds, in a receiver's offer, the codec entry that can carry a track the SFU forwards as it is (no transcoding):
/// the same encoding name, clock rate and channel count, and the same value of each format parameter that changes the
/// bitstream — H.264's packetization mode and profile (RFC 6184 §8.1), VP9's <c>profile-id</c> (RFC 9628 §6), AV1's
/// <c>profile</c>. Levels are not compared: a player offers the highest level it decodes, and browsers allow level
/// asymmetry (RFC 6184 §8.2.2). Parameters that only state a receiver's wishes (Opus's <c>useinbandfec</c>) do not matter.
/// </summary>
internal static class CodecMatching
{
    /// <summary>The first entry of <paramref name="offered"/> that carries <paramref name="codec"/>, or null.</summary>
    public static RtpCodec? Find(MediaDescription offered, NegotiatedCodec codec)
    {
        var parameters = codec.Fmtp is null ? null : new FormatParameters(codec.Fmtp);
        foreach (var candidate in offered.Codecs)
        {
            if (Matches(candidate, codec, parameters))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Matches(RtpCodec offered, NegotiatedCodec codec, FormatParameters? parameters)
    {
        if (!offered.IsNamed(codec.Name) || offered.ClockRate != codec.ClockRate)
        {
            return false;
        }

        if (!codec.IsVideo)
        {
            return (offered.Channels ?? 1) == (codec.Channels ?? 1);
        }

        if (offered.IsNamed("H264"))
        {
            return Value(offered.Parameters, "packetization-mode", "0") == Value(parameters, "packetization-mode", "0")
                && H264Profile(offered.Parameters) is var profile && profile >= 0 && profile == H264Profile(parameters);
        }

        if (offered.IsNamed("VP9"))
        {
            return Value(offered.Parameters, "profile-id", "0") == Value(parameters, "profile-id", "0");
        }

        return !offered.IsNamed("AV1") || Value(offered.Parameters, "profile", "0") == Value(parameters, "profile", "0");
    }

    /// <summary>
    /// The H.264 profile of a <c>profile-level-id</c> (RFC 6184 §8.1: profile_idc, profile-iop with the constraint_set
    /// flags, level_idc, in hex; absent means Baseline), as a number that is equal for streams one decoder decodes
    /// alike: Constrained Baseline whichever way it is spelt (Baseline with constraint_set1, Main with constraint_set0
    /// or Extended with both), Constrained High apart from High; -1 when malformed.
    /// </summary>
    internal static int H264Profile(FormatParameters? parameters)
    {
        const int ConstrainedBaseline = 0x42_40;
        var text = parameters?["profile-level-id"] ?? "420010";
        if (text.Length != 6
            || !byte.TryParse(text.AsSpan(0, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var profileIdc)
            || !byte.TryParse(text.AsSpan(2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var profileIop))
        {
            return -1;
        }

        var constrainedBaseline = profileIdc switch
        {
            0x42 => (profileIop & 0x40) != 0,
            0x4D => (profileIop & 0x80) != 0,
            0x58 => (profileIop & 0xC0) == 0xC0,
            _ => false,
        };
        if (constrainedBaseline)
        {
            return ConstrainedBaseline;
        }

        // High (100) with constraint_set4 and 5 is Constrained High; other profiles are told apart by profile_idc alone.
        return profileIdc == 0x64 ? (profileIdc << 8) | (profileIop & 0x0C) : profileIdc << 8;
    }

    private static string Value(FormatParameters? parameters, string name, string absent) => parameters?[name] ?? absent;
}
