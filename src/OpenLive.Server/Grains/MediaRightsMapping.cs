using OpenLive.Core.Rooms;
using OpenLive.Sfu;

namespace OpenLive.Server.Grains;

/// <summary>iLiveSDK's auth bits (AUTH_BITS_SEND_* / RECV_*) as the SFU's <see cref="MediaRights"/>, and back for messages.</summary>
internal static class MediaRightsMapping
{
    private static readonly (AuthBits Bit, MediaRights Right)[] Pairs =
    [
        (AuthBits.SendAudio, MediaRights.SendAudio),
        (AuthBits.SendCameraVideo, MediaRights.SendCamera),
        (AuthBits.SendScreenVideo, MediaRights.SendScreen),
        (AuthBits.ReceiveAudio, MediaRights.ReceiveAudio),
        (AuthBits.ReceiveCameraVideo, MediaRights.ReceiveCamera),
        (AuthBits.ReceiveScreenVideo, MediaRights.ReceiveScreen),
    ];

    /// <summary>The media a member with <paramref name="authBits"/> may send and receive.</summary>
    public static MediaPermissions FromAuthBits(uint authBits)
    {
        var rights = MediaRights.None;
        foreach (var (bit, right) in Pairs)
        {
            if ((authBits & (uint)bit) != 0)
            {
                rights |= right;
            }
        }

        return new MediaPermissions(rights);
    }

    /// <summary>The auth bit that allows publishing <paramref name="source"/> (for messages that name the missing bit).</summary>
    public static AuthBits SendBit(TrackSource source) => AuthBit(MediaPermissions.SendRight(source));

    /// <summary>The auth bit that grants <paramref name="right"/> (one right).</summary>
    public static AuthBits AuthBit(MediaRights right) => Array.Find(Pairs, p => p.Right == right).Bit;
}
