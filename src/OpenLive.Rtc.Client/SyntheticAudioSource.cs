using System.Security.Cryptography;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Opus-sized audio for tests and benchmarks: one packet per 20 ms (960 samples at 48 kHz), as long as the bitrate
/// gives, starting with a plausible Opus TOC byte (RFC 6716 §3.1: config 15, hybrid fullband 20 ms, mono, one frame)
/// and ending with a <see cref="MediaProbe"/>. Nothing decodes it. One thread at a time; allocation-free.
/// </summary>
public sealed class SyntheticAudioSource
{
    /// <summary>The Opus RTP clock (RFC 7587 §4.1).</summary>
    public const int ClockRate = 48000;

    /// <summary>Samples per 20 ms packet.</summary>
    public const int SamplesPerPacket = 960;

    private const byte TableOfContents = 15 << 3;

    private readonly TimeProvider _time;
    private readonly byte[] _packet;
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>A source of <paramref name="bitrate"/> bits per second (payload only).</summary>
    public SyntheticAudioSource(int bitrate = 32_000, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 6_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitrate, 510_000);
        Bitrate = bitrate;
        _time = time ?? TimeProvider.System;
        _packet = new byte[Math.Max(bitrate / 8 / 50, 1 + MediaProbe.Length)];
    }

    /// <summary>Bits per second.</summary>
    public int Bitrate { get; }

    /// <summary>Bytes per packet.</summary>
    public int PacketLength => _packet.Length;

    /// <summary>Packets produced so far; the next packet's number.</summary>
    public uint PacketNumber { get; private set; }

    /// <summary>The last packet's RTP timestamp.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>Writes the next packet's payload into <paramref name="destination"/>; returns its length.</summary>
    public int WritePacket(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, _packet.Length, nameof(destination));
        var packet = destination[.._packet.Length];
        packet.Fill((byte)(PacketNumber * 7));
        packet[0] = TableOfContents;
        new MediaProbe(MediaProbe.Now(_time), PacketNumber).TryWriteAtEnd(packet);
        Timestamp = _timestampBase + (PacketNumber * SamplesPerPacket);
        PacketNumber++;
        return packet.Length;
    }

    /// <summary>Produces the next packet and sends it on <paramref name="transceiver"/> (marker on the very first, a talkspurt start).</summary>
    public bool SendPacket(RtcClientConnection connection, RtcTransceiver transceiver, int audioLevel = 30)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transceiver);
        var first = PacketNumber == 0;
        var length = WritePacket(_packet);
        return connection.SendRtp(transceiver, transceiver.PayloadType, first, Timestamp, _packet.AsSpan(0, length), audioLevel: audioLevel, voiceActivity: true);
    }

    /// <summary>Sends a packet every 20 ms on <paramref name="transceiver"/> until cancelled; completes without throwing.</summary>
    public async Task RunAsync(RtcClientConnection connection, RtcTransceiver transceiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transceiver);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), _time);
            do
            {
                SendPacket(connection, transceiver);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
