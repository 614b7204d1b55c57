namespace OpenLive.Rtc.Rtp.Extensions;

/// <summary>
/// Coordination of video orientation (<see cref="RtpExtensionUris.VideoOrientation"/>, 3GPP TS 26.114 §7.4.5):
/// camera facing, horizontal flip and the rotation the receiver must apply, in one byte.
/// </summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |0 0 0 0|C|F|R R|   C: back-facing camera, F: flip, R: rotation in 90° steps
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
/// <param name="BackCamera">C bit: the video comes from a back-facing camera.</param>
/// <param name="Flip">F bit: the receiver flips the picture horizontally.</param>
/// <param name="RotationDegrees">Rotation the receiver applies: 0, 90, 180 or 270.</param>
public readonly record struct VideoOrientation(bool BackCamera, bool Flip, int RotationDegrees)
{
    /// <summary>Length of the element data.</summary>
    public const int Length = 1;

    /// <summary>Reads element data; false if it is empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out VideoOrientation orientation)
    {
        if (data.IsEmpty)
        {
            orientation = default;
            return false;
        }

        var b = data[0];
        orientation = new VideoOrientation((b & 0x08) != 0, (b & 0x04) != 0, (b & 0x03) * 90);
        return true;
    }

    /// <summary>The data byte; the rotation is rounded down to a multiple of 90° modulo 360°.</summary>
    public byte Encode() =>
        (byte)((BackCamera ? 0x08 : 0) | (Flip ? 0x04 : 0) | ((((RotationDegrees % 360) + 360) % 360 / 90) & 0x03));
}
