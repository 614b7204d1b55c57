namespace OpenLive.Server.Application.Sessions;

/// <summary>
/// A token bucket: <c>perSecond</c> events per second sustained, bursts of twice that. One per connection for frames,
/// one per session for messages.
/// </summary>
internal sealed class RateLimiter(int perSecond, TimeProvider time)
{
    private readonly double _capacity = perSecond * 2.0;
    private double _tokens = perSecond * 2.0;
    private long _last = time.GetTimestamp();

    public bool TryAcquire()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * perSecond));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
