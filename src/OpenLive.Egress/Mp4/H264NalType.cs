namespace OpenLive.Egress.Mp4;

/// <summary>The H.264 NAL unit types the MP4 writer looks at (ITU-T H.264 Table 7-1).</summary>
internal static class H264NalType
{
    /// <summary>Coded slice of an IDR picture: the sync sample.</summary>
    public const int Idr = 5;

    /// <summary>Sequence parameter set.</summary>
    public const int Sps = 7;

    /// <summary>Picture parameter set.</summary>
    public const int Pps = 8;

    /// <summary>Access unit delimiter.</summary>
    public const int AccessUnitDelimiter = 9;
}
