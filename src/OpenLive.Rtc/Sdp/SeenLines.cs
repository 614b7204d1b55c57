namespace OpenLive.Rtc.Sdp;

/// <summary>Lines and attributes a section may carry at most once; the parser refuses a second one.</summary>
[Flags]
internal enum SeenLines : uint
{
    None = 0,
    Version = 1 << 0,
    Origin = 1 << 1,
    SessionName = 1 << 2,
    Information = 1 << 3,
    Uri = 1 << 4,
    Connection = 1 << 5,
    TimeZones = 1 << 6,
    Key = 1 << 7,
    Time = 1 << 8,
    Mid = 1 << 9,
    Direction = 1 << 10,
    IceUfrag = 1 << 11,
    IcePwd = 1 << 12,
    IceOptions = 1 << 13,
    IceLite = 1 << 14,
    Setup = 1 << 15,
    Rtcp = 1 << 16,
    RtcpMux = 1 << 17,
    RtcpReducedSize = 1 << 18,
    ExtmapAllowMixed = 1 << 19,
    MsidSemantic = 1 << 20,
    Simulcast = 1 << 21,
    SctpPort = 1 << 22,
    MaxMessageSize = 1 << 23,
    EndOfCandidates = 1 << 24,
}
