using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Application.Calls;

/// <summary>Calls (iLiveSDK's CallSDK): ring time, size and request rate (<c>OpenLive:Calls</c>).</summary>
public sealed class CallOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OpenLive:Calls";

    /// <summary>How long an invitation rings when the caller does not say (CallSDK's <c>ILVCallConfig.setTimeOut(30)</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan DefaultRingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest ring time a caller may ask for (MakeCall.timeout_seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MaxRingTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The most invitees of one call (at making it, and all it ever has ringing or in it besides the sponsor); more get 8021.</summary>
    [Range(1, 256)]
    public int MaxInvitees { get; set; } = 16;

    /// <summary>Call requests (make, accept, refuse, cancel, hang up, invite) per second one session may send, bursts of twice this; more get 8011.</summary>
    [Range(1, 100)]
    public int MaxRequestsPerSecond { get; set; } = 5;

    /// <summary>
    /// The most invitations that may ring for one user at once; a call beyond it finds the user busy (end code 5), so
    /// many callers cannot flood one user's invitations (each caller's own rate is <see cref="MaxRequestsPerSecond"/>).
    /// </summary>
    [Range(1, 100)]
    public int MaxRingingPerUser { get; set; } = 8;

    /// <summary>The longest call tips (ILVCallOption.callTips), in UTF-8 bytes.</summary>
    [Range(0, 4096)]
    public int MaxTipsBytes { get; set; } = 256;

    /// <summary>The most custom data a call carries to its invitees, in bytes.</summary>
    [Range(0, 65536)]
    public int MaxCustomDataBytes { get; set; } = 1024;
}
