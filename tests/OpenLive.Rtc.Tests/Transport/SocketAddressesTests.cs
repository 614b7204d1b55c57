using System.Net;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

public sealed class SocketAddressesTests
{
    [Theory]
    [InlineData("192.0.2.7", 40000)]
    [InlineData("2001:db8::7", 5)]
    public void ACopyOutlivesTheReusedAddress_AndConvertsToTheSameEndpoint(string address, int port)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), port);
        var reused = endpoint.Serialize();
        var copy = SocketAddresses.Copy(reused);
        new IPEndPoint(IPAddress.Parse(address), port + 1).Serialize().Buffer.Span.CopyTo(reused.Buffer.Span); // the loop's next datagram
        Assert.Equal(endpoint, SocketAddresses.ToIPEndPoint(copy));
        Assert.NotEqual(endpoint, SocketAddresses.ToIPEndPoint(reused));
    }
}
