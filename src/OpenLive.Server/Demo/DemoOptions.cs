using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Demo;

/// <summary>The demo app served at <c>/</c> (section <c>OpenLive:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// The built demo's directory (<c>web/demo/dist</c>: index.html, admin.html, bundles). Empty: the <c>demo</c> folder
    /// next to the server's binaries, where the build copies <c>web/demo/dist</c> when it was built first.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>How long the dev userSigs the demo's sign-in gets are valid (dev mode only).</summary>
    [Range(60, 7 * 86400)]
    public int UserSigExpireSeconds { get; set; } = 86400;
}
