namespace OpenLive.Rtc.Rtp.Extensions;

/// <summary>
/// The client-to-mixer audio level header extension (RFC 6464 §3): a voice-activity flag and the level of the
/// packet's audio in −dBov, 0 (loudest) to 127 (silence).
/// </summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |V|    level    |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class AudioLevel
{
    /// <summary>Length of the element data.</summary>
    public const int Length = 1;

    /// <summary>The level that stands for silence (−127 dBov).</summary>
    public const int Silence = 127;

    /// <summary>Reads element data; false unless it has at least 1 byte (extra bytes are padding in the two-byte form).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out bool voiceActivity, out int levelDbov)
    {
        if (data.IsEmpty)
        {
            voiceActivity = false;
            levelDbov = Silence;
            return false;
        }

        voiceActivity = (data[0] & 0x80) != 0;
        levelDbov = data[0] & 0x7F;
        return true;
    }

    /// <summary>The data byte for a level in −dBov (clamped to 0–127) and a voice-activity flag.</summary>
    public static byte Encode(bool voiceActivity, int levelDbov) =>
        (byte)((voiceActivity ? 0x80 : 0) | Math.Clamp(levelDbov, 0, Silence));
}
