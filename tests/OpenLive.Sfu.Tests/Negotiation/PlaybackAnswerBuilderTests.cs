using System.Net;
using CsCheck;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Tests.Negotiation;

/// <summary>WHEP answers: the player's offer decides payload types and extension ids; what cannot be served is rejected, not failed.</summary>
public sealed class PlaybackAnswerBuilderTests
{
    private static readonly NegotiatedCodec Opus = new(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", null);
    private static readonly NegotiatedCodec Vp8 = new(96, "VP8", 90000, null, null, 97);
    private static readonly NegotiatedCodec H264Main = new(127, "H264", 90000, null, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f", 125);
    private static readonly MediaPermissions Audience = new((uint)AuthBits.Audience);

    private static readonly LocalTransportParameters Local = new("sfuU", "sfuPasswordSfuPassword12", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)),
        [new IPEndPoint(IPAddress.Loopback, 7882)]);

    private static SessionDescription Parse(string sdp) =>
        SessionDescription.TryParse(sdp, out var parsed, out var error) ? parsed : throw new InvalidOperationException(error);

    private static Dictionary<TrackSource, NegotiatedCodec> Sends(params (TrackSource Source, NegotiatedCodec Codec)[] tracks) =>
        tracks.ToDictionary(t => t.Source, t => t.Codec);

    [Fact]
    public void ChromiumPlayer_GetsAudioAndCamera_WithItsOwnNumbers()
    {
        var offer = Parse(BrowserFixtures.WhepRecvOnlyOffer);
        var plan = PlaybackAnswerBuilder.Match(offer, Sends((TrackSource.Audio, Opus), (TrackSource.Camera, Vp8)), Audience);

        Assert.Equal([TrackSource.Audio, TrackSource.Camera], plan.Sections.Select(s => s.Source));
        Assert.Equal((111, 0), (plan.Sections[0].PayloadType, plan.Sections[0].RtxPayloadType));
        Assert.Equal((96, 97), (plan.Sections[1].PayloadType, plan.Sections[1].RtxPayloadType));
        Assert.Equal(("Y+uC", DtlsSetup.Passive), (plan.Transport.Ufrag, plan.LocalSetup));
        Assert.Equal(new ExtensionIds(Mid: 4, Rid: 0, RepairedRid: 0, AbsSendTime: 2, TransportCc: 3, AudioLevel: 1), plan.Extensions);

        var labels = new TrackLabel?[] { TrackLabel.Of("host 1", TrackSource.Audio, 1111, 0), TrackLabel.Of("host 1", TrackSource.Camera, 2222, 3333) };
        var answer = PlaybackAnswerBuilder.Write(offer, plan, labels, Local, 42, 1);
        var text = answer.ToString();
        var reparsed = Parse(text);
        Assert.Equal(text, reparsed.ToString());
        Assert.True(reparsed.IceLite);
        Assert.Equal(["0", "1"], reparsed.FindGroup(MediaGroup.Bundle)!.Mids);

        var audio = reparsed.Media[0];
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal("opus", Assert.Single(audio.Codecs).Name);
        Assert.Equal("minptime=10;useinbandfec=1", audio.Codecs[0].Parameters!.Raw); // what the publisher sends
        Assert.Equal([RtcpFeedback.TransportCc], audio.Codecs[0].Feedback);
        Assert.Equal([1, 2, 3, 4], audio.HeaderExtensions.Select(e => e.Id).Order());
        Assert.Equal(new Msid("host_1", "host_1-audio"), Assert.Single(audio.Msids));
        Assert.Equal([1111u, 1111u], audio.SsrcLines.Select(l => l.Ssrc));

        var video = reparsed.Media[1];
        Assert.Equal([96, 97], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal(96, video.Codecs[1].AssociatedPayloadType);
        Assert.Equal([2, 3, 4], video.HeaderExtensions.Select(e => e.Id).Order()); // no audio level, no rids on video to a player
        Assert.Equal([2222u, 3333u], Assert.Single(video.SsrcGroups).Ssrcs);
        Assert.Equal(DtlsSetup.Passive, video.Setup);
        Assert.Equal("127.0.0.1", Assert.Single(video.Candidates).Address);
    }

    [Fact]
    public void OffersPayloadTypes_AreUsed_WhateverThePublishersWere()
    {
        var renumbered = BrowserFixtures.WhepRecvOnlyOffer
            .Replace("SAVPF 96 97 102 103", "SAVPF 35 36 102 103", StringComparison.Ordinal)
            .Replace(":96 ", ":35 ", StringComparison.Ordinal)
            .Replace(":97 ", ":36 ", StringComparison.Ordinal)
            .Replace("apt=96", "apt=35", StringComparison.Ordinal);
        var plan = PlaybackAnswerBuilder.Match(Parse(renumbered), Sends((TrackSource.Camera, Vp8)), Audience);
        Assert.Equal((35, 36), (plan.Sections[1].PayloadType, plan.Sections[1].RtxPayloadType));
        Assert.Null(plan.Sections[0].Source); // no audio published: the audio m-line is rejected, the video served
    }

    [Fact]
    public void MissingOrUndecodableVideo_IsRejected_AndAloneItIsAnError()
    {
        var offer = Parse(BrowserFixtures.WhepRecvOnlyOffer);
        var audioOnly = PlaybackAnswerBuilder.Match(offer, Sends((TrackSource.Audio, Opus)), Audience);
        Assert.Equal([TrackSource.Audio, null], audioOnly.Sections.Select(s => s.Source));
        var answer = PlaybackAnswerBuilder.Write(offer, audioOnly, [TrackLabel.Of("p", TrackSource.Audio, 5, 0), null], Local, 1, 1);
        Assert.Equal((0, "video", MediaDirection.Inactive), (answer.Media[1].Port, answer.Media[1].Media, answer.Media[1].Direction));
        Assert.Equal([96], answer.Media[1].Codecs.Select(c => c.PayloadType)); // a rejected m-line still names a format
        Assert.True(SessionDescription.TryParse(answer.ToString(), out _, out var error), error);

        // The player offers H.264 42e01f (Constrained Baseline) only; the publisher sends Main: no common codec.
        var h264Only = Parse(BrowserFixtures.WhepRecvOnlyOffer.Replace("SAVPF 96 97 102 103", "SAVPF 102 103", StringComparison.Ordinal));
        var mainOnly = PlaybackAnswerBuilder.Match(h264Only, Sends((TrackSource.Audio, Opus), (TrackSource.Camera, H264Main)), Audience);
        Assert.Equal([TrackSource.Audio, null], mainOnly.Sections.Select(s => s.Source));

        var videoOnly = Parse(BrowserFixtures.WhepRecvOnlyOffer.Replace("m=audio 9 ", "m=audio 0 ", StringComparison.Ordinal));
        Assert.True(Refusal(videoOnly, Sends((TrackSource.Audio, Opus))).Is(AVErrorCode.EndpointHasNotVideo));
        Assert.True(Refusal(videoOnly, Sends((TrackSource.Audio, Opus), (TrackSource.Camera, H264Main))).Is(AVErrorCode.ServerInvalidAbility));
        Assert.True(Refusal(offer, Sends()).Is(AVErrorCode.EndpointNotExist));
    }

    [Fact]
    public void ReceiveRights_AreApplied_PerSource()
    {
        var offer = Parse(BrowserFixtures.WhepRecvOnlyOffer);
        var sends = Sends((TrackSource.Audio, Opus), (TrackSource.Camera, Vp8));
        var audioOnly = PlaybackAnswerBuilder.Match(offer, sends, new MediaPermissions((uint)(AuthBits.JoinRoom | AuthBits.ReceiveAudio)));
        Assert.Equal([TrackSource.Audio, null], audioOnly.Sections.Select(s => s.Source));
        Assert.True(Refusal(offer, sends, new MediaPermissions((uint)AuthBits.JoinRoom)).Is(AVErrorCode.ServerNoPermission));
    }

    [Fact]
    public void OffersThatReceiveNothing_OrCannotBeBundled_Are10002()
    {
        var sends = Sends((TrackSource.Audio, Opus), (TrackSource.Camera, Vp8));
        Assert.True(Refusal(Parse(ServerFixtures.WhipObsOffer), sends).Is(AVErrorCode.ServerInvalidArgument)); // sendonly
        var unbundled = Parse(BrowserFixtures.WhepRecvOnlyOffer.Replace("a=group:BUNDLE 0 1\n", "", StringComparison.Ordinal));
        Assert.True(Refusal(unbundled, sends).Is(AVErrorCode.ServerInvalidArgument));
        var noFingerprint = Parse(string.Join('\n', BrowserFixtures.WhepRecvOnlyOffer.Split('\n').Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal))));
        Assert.True(Refusal(noFingerprint, sends).Is(AVErrorCode.ServerInvalidArgument));
    }

    [Fact]
    public void ASecondVideoLine_GetsTheScreen()
    {
        var twoVideos = BrowserFixtures.WhepRecvOnlyOffer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal)
            + "\n" + BrowserFixtures.WhepRecvOnlyOffer[BrowserFixtures.WhepRecvOnlyOffer.IndexOf("m=video", StringComparison.Ordinal)..].Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal);
        var plan = PlaybackAnswerBuilder.Match(Parse(twoVideos), Sends((TrackSource.Camera, Vp8), (TrackSource.Screen, Vp8)), Audience);
        Assert.Equal([null, TrackSource.Camera, TrackSource.Screen], plan.Sections.Select(s => s.Source));
    }

    /// <summary>Mutated player offers: the builder serves them, or refuses with an iLiveSDK error — nothing else escapes.</summary>
    [Fact]
    public void MutatedOffers_AreAnsweredOrRefused_NeverThrowOtherwise()
    {
        var text = BrowserFixtures.WhepRecvOnlyOffer;
        var sends = Sends((TrackSource.Audio, Opus), (TrackSource.Camera, Vp8));
        Gen.Select(Gen.Int[0, text.Length - 1], Gen.Char["0123456789 :=/abcdmrtvx-\n"], Gen.Int[0, text.Length])
            .Sample((position, replacement, cut) =>
            {
                var mutated = (text[..position] + replacement + text[(position + 1)..])[..Math.Min(cut, text.Length)];
                if (!SessionDescription.TryParse(mutated, out var offer, out _))
                {
                    return;
                }

                try
                {
                    var plan = PlaybackAnswerBuilder.Match(offer, sends, Audience);
                    var labels = plan.Sections.Select(s => s.Source is { } source ? TrackLabel.Of("p", source, 7, 8) : (TrackLabel?)null).ToArray();
                    var answer = PlaybackAnswerBuilder.Write(offer, plan, labels, Local, 1, 1).ToString();
                    Assert.True(SessionDescription.TryParse(answer, out _, out var error), $"{error}\n{answer}");
                }
                catch (LiveException)
                {
                    // A refusal with a code is an answer too.
                }
            }, iter: 3000);
    }

    private static LiveException Refusal(SessionDescription offer, Dictionary<TrackSource, NegotiatedCodec> sends, MediaPermissions? permissions = null) =>
        Assert.Throws<LiveException>(() => PlaybackAnswerBuilder.Match(offer, sends, permissions ?? Audience));
}
