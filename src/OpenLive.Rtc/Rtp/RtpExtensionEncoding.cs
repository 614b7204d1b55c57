namespace OpenLive.Rtc.Rtp;

/// <summary>How the elements of an RTP header extension block are encoded (RFC 8285 §4).</summary>
public enum RtpExtensionEncoding
{
    /// <summary>The packet has no header extension.</summary>
    None,

    /// <summary>One-byte headers: profile 0xBEDE, ids 1–14, 1–16 data bytes (RFC 8285 §4.2).</summary>
    OneByte,

    /// <summary>Two-byte headers: profile 0x100 with 4 app bits, ids 1–255, 0–255 data bytes (RFC 8285 §4.3).</summary>
    TwoByte,

    /// <summary>An extension with some other profile, which RFC 8285 elements do not describe.</summary>
    Other,
}

/// <summary>The "defined by profile" values of RFC 8285 header extensions.</summary>
public static class RtpExtensionProfiles
{
    /// <summary>Profile of the one-byte header form (RFC 8285 §4.2).</summary>
    public const ushort OneByte = 0xBEDE;

    /// <summary>Profile of the two-byte header form with app bits 0; the low 4 bits are application bits (RFC 8285 §4.3).</summary>
    public const ushort TwoByte = 0x1000;

    /// <summary>The largest id a one-byte element can carry (15 is reserved and stops parsing).</summary>
    public const int MaxOneByteId = 14;

    /// <summary>The largest data length a one-byte element can carry.</summary>
    public const int MaxOneByteLength = 16;

    /// <summary>The largest id a two-byte element can carry.</summary>
    public const int MaxTwoByteId = 255;

    /// <summary>The largest data length a two-byte element can carry.</summary>
    public const int MaxTwoByteLength = 255;

    /// <summary>The encoding a header with this X bit and profile uses.</summary>
    public static RtpExtensionEncoding EncodingOf(bool hasExtension, ushort profile) =>
        !hasExtension ? RtpExtensionEncoding.None
        : profile == OneByte ? RtpExtensionEncoding.OneByte
        : (profile & 0xFFF0) == TwoByte ? RtpExtensionEncoding.TwoByte
        : RtpExtensionEncoding.Other;

    /// <summary>Whether an element with this id and data length can use the one-byte form.</summary>
    public static bool FitsOneByte(int id, int length) =>
        id is >= 1 and <= MaxOneByteId && length is >= 1 and <= MaxOneByteLength;

    /// <summary>Whether an element with this id and data length can use the two-byte form.</summary>
    public static bool FitsTwoByte(int id, int length) =>
        id is >= 1 and <= MaxTwoByteId && length is >= 0 and <= MaxTwoByteLength;
}
