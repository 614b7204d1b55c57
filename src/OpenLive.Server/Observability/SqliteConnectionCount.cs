using System.Data;

namespace OpenLive.Server.Observability;

/// <summary>
/// SQLite connections of the embedded store that are open (handed out by <c>SqliteDatabase.Open</c> and not yet
/// disposed), for the <c>openlive.sqlite.connections.open</c> gauge. A pooled connection counts while its owner holds
/// it, so a connection that is never disposed shows up as a count that does not come back. Process-wide: a process
/// runs one server (tests that run several read other gauges).
/// </summary>
internal static class SqliteConnectionCount
{
    private static long open;

    public static long Open => Interlocked.Read(ref open);

    public static void OnStateChange(object? sender, StateChangeEventArgs change)
    {
        if (change.CurrentState == ConnectionState.Open && change.OriginalState != ConnectionState.Open)
        {
            Interlocked.Increment(ref open);
        }
        else if (change.OriginalState == ConnectionState.Open && change.CurrentState != ConnectionState.Open)
        {
            Interlocked.Decrement(ref open);
        }
    }
}
