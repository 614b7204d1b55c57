using System.Buffers.Binary;
using CsCheck;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>
/// Garbage at every layer of a connected client's receive path — raw datagrams of each demultiplexing class, and
/// authenticated SRTP/SRTCP with random or mutated plaintext (so the RTP, RTX and RTCP parsers behind the
/// decryption see it) — never throws on the receive thread and leaves the connection working.
/// </summary>
public sealed class RtcClientFuzzTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AuthenticatedGarbage_AndRawGarbage_NeverBreakTheReceivePath()
    {
        using var server = new LitePeer();
        using var client = new RtcClientConnection();
        var collected = new RtpCollector(client);
        client.SetRemoteOffer(server.Offer());
        server.Accept(client.CreateAnswer());
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected && server.SendRtp(null, true, 0, new byte[20]), Limit));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => collected.Count("v0") == 1, Limit));

        using var raw = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var sent = 0;
        var sequence = 1000;
        Gen.OneOf(RtcpGarbage(server.Ssrc), RtpGarbage(server.Ssrc, () => (ushort)Interlocked.Increment(ref sequence)), Gen.Byte.Array[0, 300])
            .Sample(
                packet =>
                {
                    var isRtcp = packet.Length > 1 && packet[1] is >= 192 and <= 223;
                    if (server.SendRaw(packet, isRtcp))
                    {
                        Interlocked.Increment(ref sent);
                    }

                    raw.Send(packet, client.LocalEndPoint);
                },
                iter: 3000);

        // The connection still works: a good packet after the garbage arrives, in sequence.
        Assert.True(sent > 1000);
        var before = collected.Count("v0");
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.SendRtp((ushort)Interlocked.Increment(ref sequence), true, 1, new byte[30]) && collected.Count("v0") > before, Limit));
        Assert.Equal(0, client.ReceiveFailures);
        Assert.Equal(RtcConnectionState.Connected, client.State);
    }

    /// <summary>
    /// Compound RTCP about our stream (SR, RR, NACK, PLI, FIR, REMB, SDES, BYE) and copies damaged past the first
    /// packet's sender SSRC — SRTCP authenticates the rest, and a damaged SSRC would only use up SRTP stream slots.
    /// </summary>
    private static Gen<byte[]> RtcpGarbage(uint ssrc)
    {
        var valid = Gen.Select(Gen.UInt, Gen.UShort, Gen.Byte, (mediaSsrc, sequence, seed) =>
        {
            var buffer = new byte[600];
            var length = 0;
            Span<ReportBlock> blocks = [new ReportBlock(mediaSsrc, seed, seed, sequence, seed, mediaSsrc, seed)];
            SenderReport.TryWrite(buffer, new SenderInfo(ssrc, (ulong)mediaSsrc << 20, mediaSsrc, seed, seed), blocks, out var written);
            length += written;
            GenericNack.TryWrite(buffer.AsSpan(length), ssrc, mediaSsrc, [sequence, (ushort)(sequence + 3)], out written);
            length += written;
            PictureLossIndication.TryWrite(buffer.AsSpan(length), ssrc, mediaSsrc, out written);
            length += written;
            FullIntraRequest.TryWrite(buffer.AsSpan(length), ssrc, [new FirEntry(mediaSsrc, seed)], out written);
            length += written;
            ReceiverEstimatedMaximumBitrate.TryWrite(buffer.AsSpan(length), ssrc, (ulong)mediaSsrc * 7, [mediaSsrc], out written);
            length += written;
            ReceiverReport.TryWrite(buffer.AsSpan(length), ssrc, blocks, out written);
            length += written;
            SourceDescription.TryWrite(buffer.AsSpan(length), ssrc, "fuzz"u8, out written);
            length += written;
            Goodbye.TryWrite(buffer.AsSpan(length), [ssrc], "bye"u8, out written);
            length += written;
            return buffer[..length];
        });
        return Gen.OneOf(valid, DamagedAfter(valid, 8));
    }

    /// <summary>
    /// RTP on the peer's media and RTX payload types with extensions, in sequence (so the SRTP index and replay window
    /// stay sane), and copies damaged past the SSRC: padding, extensions, RTX OSNs and payloads go wild.
    /// </summary>
    private static Gen<byte[]> RtpGarbage(uint ssrc, Func<ushort> nextSequence)
    {
        var valid = Gen.Select(Gen.Bool, Gen.Byte.Array[0, 200], Gen.Bool, (rtx, payload, padded) =>
        {
            var buffer = new byte[300];
            var writer = new RtpPacketWriter(buffer, (byte)(rtx ? 101 : 100), nextSequence(), 1234, rtx ? ssrc + 1 : ssrc, marker: false);
            writer.TryAddExtension(4, "v0"u8);
            writer.TryFinish(payload, padded ? 4 : 0, out var length);
            return buffer[..length];
        });
        return Gen.OneOf(valid, DamagedAfter(valid, RtpHeader.FixedLength));
    }

    private static Gen<byte[]> DamagedAfter(Gen<byte[]> valid, int keep) =>
        valid.SelectMany(packet => Mutations.Of(packet[keep..]).Select(tail => (byte[])[.. packet[..keep], .. tail]));
}
