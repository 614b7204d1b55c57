namespace OpenLive.Server.Hosting;

/// <summary>This node's id, reported to clients (and used for cluster routing later).</summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
