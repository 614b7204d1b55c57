using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Fuzz.Tests.Targets;

namespace OpenLive.Fuzz.Tests;

/// <summary>Every parser of untrusted bytes the campaign covers, by name.</summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, Func<IFuzzTarget>> All = new[]
    {
        Entry("stun", () => new StunTarget()),
        Entry("dtls-record", () => new DtlsRecordTarget()),
        Entry("rtp", () => new RtpTarget()),
        Entry("rtcp", () => new RtcpTarget()),
        Entry("vp8-descriptor", () => new Vp8DescriptorTarget()),
        Entry("sdp", () => new SdpTarget()),
        Entry("signaling-frame", () => new SignalingFrameTarget()),
        Entry("usersig", () => new UserSigTarget()),
        Entry("private-map-key", () => new PrivateMapKeyTarget()),
        Entry("trickle-fragment", () => new TrickleFragmentTarget()),
        Entry("turn", () => new TurnTarget()),
        Entry("rfc4571-frame", () => new Rfc4571FrameTarget()),
        Entry("egress-recording", () => new EgressRecordingTarget()),
        Entry("h264-sps", () => new H264SpsTarget()),
        Entry("mp4-access-unit", () => new Mp4AccessUnitTarget()),
        Entry("webm-recovery", () => new WebMRecoveryTarget()),
        Entry("mp4-recovery", () => new Mp4RecoveryTarget()),
    }.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Keys;

    public static IFuzzTarget Create(string name) => All[name]();

    private static KeyValuePair<string, Func<IFuzzTarget>> Entry(string name, Func<IFuzzTarget> create) => new(name, create);
}
