namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>Descriptions as non-browser stacks write them: werift, libwebrtc in Node, OBS's WHIP output, our SFU.</summary>
internal static class ServerFixtures
{
    /// <summary>
    /// werift (TypeScript) offering to send audio and receive simulcast video: its own attribute order (candidates
    /// first, extmaps after the codecs), 32-hex-digit foundations, end-of-candidates, and a trailing space after
    /// the simulcast list.
    /// </summary>
    public const string WeriftOffer = """
v=0
o=- 61462813 0 IN IP4 0.0.0.0
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic:WMS *
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=candidate:f3a8c2e1b4d5e6f7a8b9c0d1e2f3a4b5 1 udp 2130706431 192.168.1.20 50432 typ host
a=candidate:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e 1 udp 1694498815 198.51.100.20 50432 typ srflx raddr 192.168.1.20 rport 50432
a=end-of-candidates
a=ice-ufrag:4941
a=ice-pwd:2014b3ce107f80e222f828767efc2f91
a=ice-options:trickle
a=fingerprint:sha-256 CC:C9:35:F6:CD:1F:61:22:6A:E1:53:38:AE:1A:34:00:4D:33:BA:0D:24:6A:C0:4C:81:B1:BA:F2:3E:3B:F9:EE
a=setup:actpass
a=sendonly
a=mid:0
a=msid:werift-stream werift-audio
a=rtcp:9 IN IP4 0.0.0.0
a=rtcp-mux
a=ssrc:2863311530 cname:6f1e2d3c-4b5a-4968-8776-655443322110
a=ssrc:2863311530 msid:werift-stream werift-audio
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 0.0.0.0
a=ice-ufrag:4941
a=ice-pwd:2014b3ce107f80e222f828767efc2f91
a=ice-options:trickle
a=fingerprint:sha-256 CC:C9:35:F6:CD:1F:61:22:6A:E1:53:38:AE:1A:34:00:4D:33:BA:0D:24:6A:C0:4C:81:B1:BA:F2:3E:3B:F9:EE
a=setup:actpass
a=recvonly
a=mid:1
a=rtcp:9 IN IP4 0.0.0.0
a=rtcp-mux
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=rid:high recv
a=rid:low recv
a=simulcast:recv high;low
""";

    /// <summary>
    /// libwebrtc as node-webrtc embeds it (an older release): ISAC and the legacy <c>mslabel</c>/<c>label</c>
    /// source attributes, a data channel section with <c>b=AS</c>.
    /// </summary>
    public const string LibWebRtcNodeOffer = """
v=0
o=- 8340527018155123516 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=msid-semantic: WMS 2fa35d8a-9c1e-4b7f-8d2a-3e6f1c0b5a47
m=audio 9 UDP/TLS/RTP/SAVPF 111 103 104 9 0 8 106 105 13 110 112 113 126
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:IfxI
a=ice-pwd:q2HZt/PlJhx2jIclHkCiHp6b
a=ice-options:trickle
a=fingerprint:sha-256 F5:F7:9F:2B:49:34:AF:87:F5:52:0B:69:B9:4B:0D:98:2E:85:BB:55:B6:72:A8:72:63:7A:CD:74:66:FC:B6:0E
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:5 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:6 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=sendrecv
a=msid:2fa35d8a-9c1e-4b7f-8d2a-3e6f1c0b5a47 7c4e9a1b-3d5f-4b2c-9e8a-1f0d2c3b4a59
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:103 ISAC/16000
a=rtpmap:104 ISAC/32000
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:106 CN/32000
a=rtpmap:105 CN/16000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:112 telephone-event/32000
a=rtpmap:113 telephone-event/16000
a=rtpmap:126 telephone-event/8000
a=ssrc:2731290114 cname:Zq4ZzRGnmvQ6cb1M
a=ssrc:2731290114 msid:2fa35d8a-9c1e-4b7f-8d2a-3e6f1c0b5a47 7c4e9a1b-3d5f-4b2c-9e8a-1f0d2c3b4a59
a=ssrc:2731290114 mslabel:2fa35d8a-9c1e-4b7f-8d2a-3e6f1c0b5a47
a=ssrc:2731290114 label:7c4e9a1b-3d5f-4b2c-9e8a-1f0d2c3b4a59
m=application 9 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
b=AS:30
a=ice-ufrag:IfxI
a=ice-pwd:q2HZt/PlJhx2jIclHkCiHp6b
a=ice-options:trickle
a=fingerprint:sha-256 F5:F7:9F:2B:49:34:AF:87:F5:52:0B:69:B9:4B:0D:98:2E:85:BB:55:B6:72:A8:72:63:7A:CD:74:66:FC:B6:0E
a=setup:actpass
a=mid:1
a=sctp-port:5000
a=max-message-size:262144
""";

    /// <summary>
    /// OBS's WHIP output (libdatachannel): send only, no trickle (every candidate and end-of-candidates in the first
    /// section, the real address in m= and c=), comma-separated ice-options, an LS group, session-level fingerprint,
    /// ICE and DTLS attributes after the codecs.
    /// </summary>
    public const string WhipObsOffer = """
v=0
o=rtc 3015484658 0 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=group:LS 0 1
a=msid-semantic:WMS *
a=ice-options:ice2,trickle
a=fingerprint:sha-256 0E:8F:F1:84:63:B0:E4:B2:BA:29:70:34:74:F0:64:AC:68:F7:00:F5:B0:2B:3D:C6:66:F4:5B:DE:AA:2C:CA:ED
m=audio 54321 UDP/TLS/RTP/SAVPF 111
c=IN IP4 192.168.1.30
a=mid:0
a=sendonly
a=ssrc:3063637447 cname:wGhCcBzQ8lHyuAvD
a=ssrc:3063637447 msid:obs obs-audio
a=msid:obs obs-audio
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=fmtp:111 minptime=10;maxaveragebitrate=96000;stereo=1;sprop-stereo=1;useinbandfec=1
a=setup:actpass
a=ice-ufrag:R1Iq
a=ice-pwd:fEouHgxzNNAL5wIScGebcy8F
a=candidate:1 1 UDP 2122317823 192.168.1.30 54321 typ host
a=candidate:2 1 UDP 2122317567 fd00::30 54321 typ host
a=candidate:3 1 UDP 1686109951 203.0.113.30 54321 typ srflx raddr 0.0.0.0 rport 0
a=end-of-candidates
m=video 54321 UDP/TLS/RTP/SAVPF 96
c=IN IP4 192.168.1.30
b=AS:2500
a=mid:1
a=sendonly
a=ssrc:3063637448 cname:wGhCcBzQ8lHyuAvD
a=ssrc:3063637448 msid:obs obs-video
a=msid:obs obs-video
a=rtcp-mux
a=rtpmap:96 H264/90000
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtcp-fb:96 goog-remb
a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1
a=setup:actpass
a=ice-ufrag:R1Iq
a=ice-pwd:fEouHgxzNNAL5wIScGebcy8F
""";

    /// <summary>
    /// What the OpenLive SFU answers to <see cref="BrowserFixtures.ChromiumOffer"/>: ICE lite, its host candidates
    /// (UDP, passive TCP, IPv6) with end-of-candidates, setup passive, the first codec of each kind with its RTX,
    /// three simulcast layers received by RID. Written in the canonical order, so building it must give these bytes.
    /// </summary>
    public const string SfuAnswer = """
v=0
o=- 7317709420186203624 1 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1 2 3
a=extmap-allow-mixed
a=msid-semantic:WMS *
a=ice-lite
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=candidate:1 1 udp 2130706431 198.51.100.10 40000 typ host
a=candidate:2 1 tcp 1671430143 198.51.100.10 40000 typ host tcptype passive
a=candidate:3 1 udp 2130706175 2001:db8::10 40000 typ host
a=end-of-candidates
a=ice-ufrag:5n3/
a=ice-pwd:YNBDRzrZSgqbjG3uhkWKFLf6
a=fingerprint:sha-256 CD:2B:51:57:41:0E:4D:EE:4A:F2:B3:4F:43:0A:07:34:47:DE:63:6C:0E:80:6C:95:7B:A6:84:D6:43:1F:B5:EA
a=setup:passive
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:5n3/
a=ice-pwd:YNBDRzrZSgqbjG3uhkWKFLf6
a=fingerprint:sha-256 CD:2B:51:57:41:0E:4D:EE:4A:F2:B3:4F:43:0A:07:34:47:DE:63:6C:0E:80:6C:95:7B:A6:84:D6:43:1F:B5:EA
a=setup:passive
a=mid:1
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=rid:q recv
a=rid:h recv
a=rid:f recv
a=simulcast:recv q;h;f
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:5n3/
a=ice-pwd:YNBDRzrZSgqbjG3uhkWKFLf6
a=fingerprint:sha-256 CD:2B:51:57:41:0E:4D:EE:4A:F2:B3:4F:43:0A:07:34:47:DE:63:6C:0E:80:6C:95:7B:A6:84:D6:43:1F:B5:EA
a=setup:passive
a=mid:2
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
m=application 9 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
a=ice-ufrag:5n3/
a=ice-pwd:YNBDRzrZSgqbjG3uhkWKFLf6
a=fingerprint:sha-256 CD:2B:51:57:41:0E:4D:EE:4A:F2:B3:4F:43:0A:07:34:47:DE:63:6C:0E:80:6C:95:7B:A6:84:D6:43:1F:B5:EA
a=setup:passive
a=mid:3
a=sctp-port:5000
a=max-message-size:262144
""";
}
