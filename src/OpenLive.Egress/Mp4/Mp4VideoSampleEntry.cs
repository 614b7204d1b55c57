namespace OpenLive.Egress.Mp4;

/// <summary>
/// The H.264 sample entry: 'avc3' (ISO/IEC 14496-15 §5.4.2.1) with its 'avcC' decoder configuration record (§5.3.3.1).
/// <code>
/// avc3 (VisualSampleEntry)
///   reserved(6) data_reference_index=1 | pre_defined, reserved (16) | width(16) height(16)
///   horiz/vert resolution 72 dpi (16.16) | reserved(32) | frame_count=1 | compressorname[32] | depth=0x18 | -1
/// +-- avcC
///     +--------+--------+--------+--------+--------+--------+----------------+--------+----------------+
///     | ver=1  |profile |compat. | level  |111111 11|111 00001| SPS len | SPS  | numPPS | PPS len | PPS  |
///     +--------+--------+--------+--------+ (NAL    +(one SPS)+---------+------+--------+---------+------+
///                                            lengths: 4 bytes)
///     then for High profiles: 111111 chroma_format | 11111 bit_depth_luma-8 | 11111 bit_depth_chroma-8 | 0 SPS ext.
/// </code>
/// Why 'avc3' and not 'avc1': with 'avc1' the parameter sets live only in the sample entry, so a new SPS (a publisher
/// switching resolution, which WebRTC senders do under congestion) would need a second sample entry in a 'moov' already
/// written — impossible in a file written live. With 'avc3' the SPS and PPS stay in-band in every keyframe's sample, as
/// the sender sent them, and decoders (ffmpeg, Chromium, hls.js/MSE) re-initialise at the new SPS. The 'avcC' still
/// carries the first SPS/PPS so players that configure from the sample entry start correctly.
/// </summary>
/// <param name="TrackId">The track_ID.</param>
/// <param name="Timescale">The RTP clock rate (90,000).</param>
/// <param name="Sps">What the first SPS says (profile, level, size).</param>
/// <param name="SpsNal">The first SPS NAL unit, as sent.</param>
/// <param name="PpsNal">The first PPS NAL unit, as sent.</param>
internal sealed record Mp4VideoSampleEntry(uint TrackId, int Timescale, H264SequenceParameterSet Sps, byte[] SpsNal, byte[] PpsNal) : IMp4SampleEntry
{
    public void Write(Mp4BoxWriter w)
    {
        var entry = w.BeginBox("avc3"u8);
        w.WriteZeros(6); // reserved
        w.WriteUInt16(1); // data_reference_index
        w.WriteZeros(16); // pre_defined, reserved, pre_defined[3]
        w.WriteUInt16((ushort)Sps.Width);
        w.WriteUInt16((ushort)Sps.Height);
        w.WriteUInt32(0x0048_0000); // horizresolution 72 dpi
        w.WriteUInt32(0x0048_0000); // vertresolution 72 dpi
        w.WriteUInt32(0); // reserved
        w.WriteUInt16(1); // frame_count
        w.WriteZeros(32); // compressorname (empty Pascal string)
        w.WriteUInt16(0x0018); // depth: colour, no alpha
        w.WriteInt16(-1); // pre_defined

        var avcC = w.BeginBox("avcC"u8);
        w.WriteByte(1); // configurationVersion
        w.WriteByte(Sps.ProfileIdc);
        w.WriteByte(Sps.ConstraintFlags);
        w.WriteByte(Sps.LevelIdc);
        w.WriteByte(0xFF); // reserved '111111' + lengthSizeMinusOne = 3
        w.WriteByte(0xE1); // reserved '111' + numOfSequenceParameterSets = 1
        w.WriteUInt16((ushort)SpsNal.Length);
        w.WriteBytes(SpsNal);
        w.WriteByte(1); // numOfPictureParameterSets
        w.WriteUInt16((ushort)PpsNal.Length);
        w.WriteBytes(PpsNal);
        if (Sps.HasChromaFields)
        {
            w.WriteByte((byte)(0xFC | Sps.ChromaFormatIdc));
            w.WriteByte((byte)(0xF8 | (Sps.BitDepthLuma - 8)));
            w.WriteByte((byte)(0xF8 | (Sps.BitDepthChroma - 8)));
            w.WriteByte(0); // numOfSequenceParameterSetExt
        }

        w.EndBox(avcC);
        w.EndBox(entry);
    }
}
