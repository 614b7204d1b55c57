using System.Buffers.Binary;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>One VP8 picture as a publisher's packetizer describes it (RFC 7741 §4.2).</summary>
internal readonly record struct Vp8Picture(int PictureId, int PictureIdWidth, int Tl0PicIdx, int TemporalLayer, bool LayerSync, int KeyIndex = -1)
{
    /// <summary>The descriptor of one of its packets: <paramref name="start"/> sets S (partition 0).</summary>
    public byte[] Descriptor(bool start)
    {
        var bytes = new List<byte> { (byte)(0x80 | (start ? 0x10 : 0)) };
        var hasTl0 = Tl0PicIdx >= 0;
        var hasTid = TemporalLayer >= 0;
        var hasKey = KeyIndex >= 0;
        bytes.Add((byte)(0x80 | (hasTl0 ? 0x40 : 0) | (hasTid ? 0x20 : 0) | (hasKey ? 0x10 : 0)));
        if (PictureIdWidth == 15)
        {
            bytes.Add((byte)(0x80 | ((PictureId >> 8) & 0x7F)));
            bytes.Add((byte)PictureId);
        }
        else
        {
            bytes.Add((byte)(PictureId & 0x7F));
        }

        if (hasTl0)
        {
            bytes.Add((byte)Tl0PicIdx);
        }

        if (hasTid || hasKey)
        {
            bytes.Add((byte)((hasTid ? (TemporalLayer << 6) | (LayerSync ? 0x20 : 0) : 0) | (hasKey ? KeyIndex & 0x1F : 0)));
        }

        return [.. bytes];
    }

    /// <summary>Splits <paramref name="frame"/> (VP8 data) into payloads of at most <paramref name="maxData"/> bytes of it, each with the descriptor.</summary>
    public List<byte[]> Packetize(ReadOnlySpan<byte> frame, int maxData)
    {
        var payloads = new List<byte[]>();
        for (var offset = 0; offset < frame.Length; offset += maxData)
        {
            var piece = frame.Slice(offset, Math.Min(maxData, frame.Length - offset));
            payloads.Add([.. Descriptor(offset == 0), .. piece]);
        }

        return payloads;
    }
}

/// <summary>
/// A simulcast VP8 track of a <see cref="ForwardingRig"/> fed plain RTP per layer straight into
/// <see cref="PublishedTrack.OnPacket"/> (the path after SRTP and routing), with one recording subscriber; what the
/// subscriber received is read back unprotected.
/// </summary>
internal sealed class Vp8SimulcastPublisher
{
    private readonly ForwardingRig _rig;
    private readonly int _subscriberIndex;

    public Vp8SimulcastPublisher(ForwardingRig rig, int layers, bool rtx = true)
    {
        _rig = rig;
        rig.Socket.Record = true;
        var spec = new IncomingTrackSpec("1", MediaKind.Video, TrackSource.Camera, new NegotiatedCodec(96, "VP8", 90000, null, null, 97),
            [.. new[] { "q", "h", "f" }.Take(layers)], null, null, ExtensionIds.Subscriber);
        Track = new PublishedTrack("p", spec, rig.Publisher, rig.Options);
        for (var i = 0; i < layers; i++)
        {
            Track.Layers[i].Ssrc = (uint)(0xA000 + i);
        }

        Forwarded = rig.AddSubscriberTo(Track, rtx);
        _subscriberIndex = rig.SubscriberCount - 1;
    }

    public PublishedTrack Track { get; }

    public ForwardedTrack Forwarded { get; }

    /// <summary>Feeds one packet of <paramref name="layer"/> as it arrived from the publisher.</summary>
    public void Send(int layer, ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | 96);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Track.Layers[layer].Ssrc);
        payload.CopyTo(packet.AsSpan(12));
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Track.OnPacket(Track.Layers[layer], packet, header, _rig.Time.GetTimestamp());
    }

    /// <summary>The media packets the subscriber received on the track's SSRC, in sending order.</summary>
    public List<ReceivedPacket> Received() => Packets(Forwarded.Ssrc);

    /// <summary>The RTX packets the subscriber received for the track, in sending order.</summary>
    public List<ReceivedPacket> ReceivedRtx() => Packets(Forwarded.RtxSsrc);

    private List<ReceivedPacket> Packets(uint ssrc)
    {
        var packets = new List<ReceivedPacket>();
        foreach (var bytes in _rig.RtpSentToSubscriber(_subscriberIndex))
        {
            Assert.True(RtpHeader.TryParse(bytes, out var header));
            if (header.Ssrc == ssrc)
            {
                packets.Add(new ReceivedPacket(header.SequenceNumber, header.Timestamp, header.Marker, header.GetPayload(bytes).ToArray()));
            }
        }

        return packets;
    }

    internal sealed record ReceivedPacket(ushort Sequence, uint Timestamp, bool Marker, byte[] Payload);
}
