using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>Adds attributes to a request being built.</summary>
internal delegate void WriteAttributes(ref StunWriter writer);
