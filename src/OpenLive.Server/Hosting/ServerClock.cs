namespace OpenLive.Server.Hosting;

/// <summary>
/// The DI key of the clock OpenLive's own logic uses (sessions, expiry, stores). Keyed so that tests can run the product
/// on a fake clock while Orleans keeps the real one.
/// </summary>
public static class ServerClock
{
    /// <summary>The service key of OpenLive's <see cref="TimeProvider"/>.</summary>
    public const string Key = "OpenLive.Clock";
}
