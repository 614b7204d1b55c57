using Microsoft.Extensions.Time.Testing;

namespace OpenLive.Core.Tests.Auth;

internal static class TestClock
{
    public static FakeTimeProvider At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}
