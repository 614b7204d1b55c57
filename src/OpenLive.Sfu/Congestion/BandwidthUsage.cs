namespace OpenLive.Sfu.Congestion;

/// <summary>What the delay trend says about the path to a subscriber (GCC's over-use detector signal).</summary>
internal enum BandwidthUsage
{
    /// <summary>Queuing delay is steady: the path carries what is sent.</summary>
    Normal,

    /// <summary>Queuing delay grows: more is sent than the path carries.</summary>
    Overusing,

    /// <summary>Queuing delay shrinks: a queue is draining.</summary>
    Underusing,
}
