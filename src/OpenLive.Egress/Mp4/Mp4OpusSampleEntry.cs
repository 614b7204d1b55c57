namespace OpenLive.Egress.Mp4;

/// <summary>
/// The Opus sample entry of "Encapsulation of Opus in ISO Base Media File Format" (§4.3): an AudioSampleEntry of type
/// 'Opus' at 48 kHz with the 'dOps' box (§4.3.2), the ISOBMFF form of the Ogg "OpusHead" (RFC 7845 §5.1).
/// <code>
/// Opus (AudioSampleEntry)
///   reserved(6) data_reference_index=1 | reserved(8) | channelcount(16) samplesize=16 | pre_defined, reserved
///   samplerate = 48000 (16.16)
/// +-- dOps
///     +---------+---------------+-------------------+------------------------------+-------------+----------+
///     |Version=0|OutputChannel- | PreSkip (16)      | InputSampleRate (32)         | OutputGain  | Channel- |
///     |         |Count          |                   |                              | (16, signed)| Mapping- |
///     +---------+---------------+-------------------+------------------------------+-------------+ Family=0 +
/// </code>
/// ChannelMappingFamily 0 (mono or stereo, RTP's "opus/48000/2") carries no mapping table. PreSkip: RTP gives none
/// (RFC 7587 sends no OpusHead); both containers write <see cref="Media.OpusPreSkip.Samples"/> (0, see why there).
/// </summary>
/// <param name="TrackId">The track_ID.</param>
/// <param name="Channels">Output channels (1 or 2).</param>
/// <param name="PreSkip">Samples at 48 kHz a player discards at the start.</param>
internal sealed record Mp4OpusSampleEntry(uint TrackId, int Channels, ushort PreSkip) : IMp4SampleEntry
{
    /// <summary>Opus always runs at 48 kHz in ISOBMFF (§4.3: the timescale should be 48,000).</summary>
    public int Timescale => 48_000;

    public void Write(Mp4BoxWriter w)
    {
        var entry = w.BeginBox("Opus"u8);
        w.WriteZeros(6); // reserved
        w.WriteUInt16(1); // data_reference_index
        w.WriteZeros(8); // reserved
        w.WriteUInt16((ushort)Channels);
        w.WriteUInt16(16); // samplesize
        w.WriteUInt16(0); // pre_defined
        w.WriteUInt16(0); // reserved
        w.WriteUInt32(48_000u << 16); // samplerate, 16.16

        var dOps = w.BeginBox("dOps"u8);
        w.WriteByte(0); // Version
        w.WriteByte((byte)Channels); // OutputChannelCount
        w.WriteUInt16(PreSkip);
        w.WriteUInt32(48_000); // InputSampleRate (informational)
        w.WriteInt16(0); // OutputGain
        w.WriteByte(0); // ChannelMappingFamily
        w.EndBox(dOps);
        w.EndBox(entry);
    }
}
