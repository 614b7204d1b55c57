namespace OpenLive.Rtc.Sdp;

/// <summary>
/// The direction attributes <c>a=sendrecv</c>, <c>a=sendonly</c>, <c>a=recvonly</c>, <c>a=inactive</c>
/// (RFC 8866 §6.7, offer/answer rules in RFC 3264 §6.1); also the optional direction of an <c>a=extmap</c>.
/// </summary>
public enum MediaDirection
{
    /// <summary><c>sendrecv</c>: the default when a section names none.</summary>
    SendReceive,

    /// <summary><c>sendonly</c>.</summary>
    SendOnly,

    /// <summary><c>recvonly</c>.</summary>
    ReceiveOnly,

    /// <summary><c>inactive</c>.</summary>
    Inactive,
}

/// <summary>Helpers for <see cref="MediaDirection"/>.</summary>
public static class MediaDirections
{
    /// <summary>The same direction seen from the other endpoint: sendonly and recvonly swap (RFC 3264 §6.1).</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.ReceiveOnly,
        MediaDirection.ReceiveOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>The attribute name: <c>sendrecv</c>, <c>sendonly</c>, <c>recvonly</c> or <c>inactive</c>.</summary>
    public static string ToToken(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.ReceiveOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    internal static bool TryParse(ReadOnlySpan<char> token, out MediaDirection direction)
    {
        switch (token)
        {
            case "sendrecv":
                direction = MediaDirection.SendReceive;
                return true;
            case "sendonly":
                direction = MediaDirection.SendOnly;
                return true;
            case "recvonly":
                direction = MediaDirection.ReceiveOnly;
                return true;
            case "inactive":
                direction = MediaDirection.Inactive;
                return true;
            default:
                direction = default;
                return false;
        }
    }
}
