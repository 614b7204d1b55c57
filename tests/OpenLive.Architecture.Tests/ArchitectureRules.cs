namespace OpenLive.Architecture.Tests;

/// <summary>
/// The layers of ARCHITECTURE (docs/architecture.md): which assembly must not depend on which. One line per rule; a new
/// assembly gets its lines here and a ProjectReference in this test project, so that its DLL is there to be read.
/// </summary>
internal static class ArchitectureRules
{
    public static IReadOnlyList<LayerRule> Rules { get; } =
    [
        // The WebRTC stack is a library under the SFU and the SDK: it knows neither of them, the server, nor Core.
        new("OpenLive.Rtc", Forbidden.Reference("OpenLive.Sfu")),
        new("OpenLive.Rtc", Forbidden.Reference("OpenLive.Server")),
        new("OpenLive.Rtc", Forbidden.Reference("OpenLive.Sdk")),
        new("OpenLive.Rtc", Forbidden.Reference("OpenLive.Core")),
        new("OpenLive.Rtc", Forbidden.Reference("OpenLive.Rtc.Client")),

        // The client peer connection is built on the WebRTC stack, for the SDK, bots and harnesses: never on the SFU or server.
        new("OpenLive.Rtc.Client", Forbidden.Reference("OpenLive.Sfu")),
        new("OpenLive.Rtc.Client", Forbidden.Reference("OpenLive.Server")),

        // The media plane runs without the control plane: no server, no Orleans, no ASP.NET Core, and (issue 11) no
        // Core and no window into its internals for the server.
        new("OpenLive.Sfu", Forbidden.Reference("OpenLive.Server")),
        new("OpenLive.Sfu", Forbidden.Reference("OpenLive.Rtc.Client")),
        new("OpenLive.Sfu", Forbidden.Orleans),
        new("OpenLive.Sfu", Forbidden.AspNetCore),
        new("OpenLive.Sfu", Forbidden.Reference("OpenLive.Core")),
        new("OpenLive.Sfu", Forbidden.InternalsVisibleTo("OpenLive.Server")),

        // The embedded TURN server (issue 13) is a network service on the STUN stack alone: the host composes it.
        new("OpenLive.Turn", Forbidden.AnyOfOursBut("OpenLive.Rtc")),
        new("OpenLive.Turn", Forbidden.Orleans),
        new("OpenLive.Turn", Forbidden.AspNetCore),

        // Egress (issue 14) writes what the SFU hands it, on the wire formats alone: the host wires it to the SFU.
        new("OpenLive.Egress", Forbidden.AnyOfOursBut("OpenLive.Rtc")),
        new("OpenLive.Egress", Forbidden.Orleans),
        new("OpenLive.Egress", Forbidden.AspNetCore),

        // The client SDK talks to the server over the wire only.
        new("OpenLive.Sdk", Forbidden.Reference("OpenLive.Server")),

        // The packages an app installs (docs/packages-dotnet.md) stand on packages only: an assembly of ours that is not
        // packed would be a dependency no feed can resolve.
        new("OpenLive.Sdk", Forbidden.AnyOfOursBut("OpenLive.Core", "OpenLive.Protocol", "OpenLive.Rtc", "OpenLive.Rtc.Client")),
        new("OpenLive.Rtc.Client", Forbidden.AnyOfOursBut("OpenLive.Rtc")),
        new("OpenLive.Protocol", Forbidden.AnyOfOurs),

        // Core is the bottom layer.
        new("OpenLive.Core", Forbidden.AnyOfOurs),
    ];
}
