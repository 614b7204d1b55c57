using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Writes our offer (JSEP, RFC 8829 §5.2): one m-line per transceiver, all in one BUNDLE group on one transport
/// (RFC 8843), rtcp-mux and rtcp-rsize, <c>a=setup:actpass</c>, our extmaps and feedback, and for what we send the
/// <c>a=msid</c>, <c>a=ssrc</c> (cname, msid) and <c>a=ssrc-group:FID</c> lines — or, for simulcast, <c>a=rid</c>
/// and <c>a=simulcast:send</c> (RFC 8851, RFC 8853) with the SSRCs left for the peer to learn from the rid extension.
/// </summary>
internal static class OfferWriter
{
    public static SessionDescription Write(IReadOnlyList<RtcTransceiver> transceivers, LocalTransport local, string cname, string streamId, ulong sessionId)
    {
        var offer = new SessionDescription { Origin = Origin.Create(sessionId, 2) };
        offer.MsidSemantic = new MsidSemantic("WMS", [streamId]);
        foreach (var transceiver in transceivers)
        {
            offer.Media.Add(Section(transceiver, local, cname));
        }

        offer.Groups.Add(new MediaGroup(MediaGroup.Bundle, [.. transceivers.Select(t => t.Mid)]));
        return offer;
    }

    private static MediaDescription Section(RtcTransceiver transceiver, LocalTransport local, string cname)
    {
        var section = MediaDescription.CreateRtp(transceiver.Kind, transceiver.Mid, transceiver.Direction);
        section.RtcpReducedSize = true;
        local.ApplyTo(section, DtlsSetup.ActPass);
        var options = transceiver.Options;
        if (transceiver.Kind == MediaKind.Audio)
        {
            section.Codecs.Add(ClientCodecs.Opus());
        }
        else
        {
            foreach (var codec in options.VideoCodecs.Distinct())
            {
                section.Codecs.AddRange(ClientCodecs.Video(codec, options.Rtx));
            }
        }

        var simulcast = transceiver.LayerCount > 1 || options.SimulcastRids.Count > 0;
        section.HeaderExtensions.AddRange(ClientCodecs.OfferedExtensions(transceiver.Kind, simulcast));
        if (transceiver.LayerCount == 0)
        {
            return section;
        }

        section.Msids.Add(new Msid(transceiver.StreamId, transceiver.TrackId));
        if (simulcast)
        {
            var layers = new Simulcast();
            for (var layer = 0; layer < transceiver.LayerCount; layer++)
            {
                var rid = transceiver.GetRid(layer)!;
                section.Rids.Add(new RidDescription(rid, RidDirection.Send));
                layers.Send.Add(new SimulcastLayer(rid));
            }

            section.Simulcast = layers;
            return section;
        }

        var ssrc = transceiver.GetSsrc();
        var withRtx = transceiver.Kind == MediaKind.Video && options.Rtx;
        if (withRtx)
        {
            section.SsrcGroups.Add(new SsrcGroup(SsrcGroup.FlowIdentification, [ssrc, transceiver.GetRtxSsrc()]));
        }

        AddSsrcLines(section, ssrc, cname, transceiver);
        if (withRtx)
        {
            AddSsrcLines(section, transceiver.GetRtxSsrc(), cname, transceiver);
        }

        return section;
    }

    /// <summary>The source attributes Chromium writes per SSRC: cname (RFC 5576 §6.1) and msid (RFC 8830).</summary>
    public static void AddSsrcLines(MediaDescription section, uint ssrc, string cname, RtcTransceiver transceiver)
    {
        section.SsrcLines.Add(new SsrcLine(ssrc, SsrcLine.CName, cname));
        section.SsrcLines.Add(new SsrcLine(ssrc, "msid", $"{transceiver.StreamId} {transceiver.TrackId}"));
    }
}
