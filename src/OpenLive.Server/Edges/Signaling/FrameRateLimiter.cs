namespace OpenLive.Server.Edges.Signaling;

/// <summary>A token bucket per connection: <c>rate</c> frames per second sustained, bursts of twice that.</summary>
internal sealed class FrameRateLimiter(int framesPerSecond, TimeProvider time)
{
    private readonly double _capacity = framesPerSecond * 2.0;
    private double _tokens = framesPerSecond * 2.0;
    private long _last = time.GetTimestamp();

    public bool TryAcquire()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * framesPerSecond));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
