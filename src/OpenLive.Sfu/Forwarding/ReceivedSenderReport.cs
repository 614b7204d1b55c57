namespace OpenLive.Sfu.Forwarding;

/// <summary>A publisher's sender report as the SFU keeps it: its NTP and RTP times and when it arrived (media-thread timestamp).</summary>
internal readonly record struct ReceivedSenderReport(ulong Ntp, uint RtpTimestamp, long ArrivedAt);
