using System.Collections.Concurrent;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>Negotiation, waiting and packet collection for the client connection tests.</summary>
internal static class ClientTestSupport
{
    public static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(10);

    /// <summary>Reports five times a second, so SR/RR tests finish quickly.</summary>
    public static RtcClientOptions FastReports => new() { ReportInterval = TimeSpan.FromMilliseconds(200) };

    /// <summary>Offer from <paramref name="offerer"/>, answer from <paramref name="answerer"/>, then both connected.</summary>
    public static async Task ConnectAsync(RtcClientConnection offerer, RtcClientConnection answerer, Func<string, string>? toAnswerer = null, Func<string, string>? toOfferer = null)
    {
        var offer = offerer.CreateOffer();
        answerer.SetRemoteOffer(toAnswerer?.Invoke(offer) ?? offer);
        var answer = answerer.CreateAnswer();
        offerer.SetRemoteAnswer(toOfferer?.Invoke(answer) ?? answer);
        var token = TestContext.Current.CancellationToken;
        await Task.WhenAll(offerer.ConnectedAsync(token), answerer.ConnectedAsync(token)).WaitAsync(ConnectLimit, token);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}

/// <summary>One received packet, copied out of the receive thread's buffer.</summary>
internal sealed record ReceivedPacket(string Mid, uint Ssrc, int PayloadType, ushort SequenceNumber, uint Timestamp, bool Marker, byte[] Payload)
{
    public bool IsVp8Keyframe => Vp8Descriptor.TryParse(Payload, out var descriptor) && descriptor.IsKeyframe;
}

/// <summary>Collects every RTP packet a connection delivers.</summary>
internal sealed class RtpCollector
{
    private readonly ConcurrentQueue<ReceivedPacket> _packets = new();

    public RtpCollector(RtcClientConnection connection) => connection.RtpReceived += OnRtp;

    public IReadOnlyList<ReceivedPacket> Packets => [.. _packets];

    public int Count(string mid) => _packets.Count(p => p.Mid == mid);

    private void OnRtp(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        _packets.Enqueue(new ReceivedPacket(
            transceiver.Mid, header.Ssrc, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Marker, header.GetPayload(packet).ToArray()));
}
