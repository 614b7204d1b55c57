using System.Buffers.Binary;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>Hex vectors, keying material and RTP/RTCP packets for the SRTP tests.</summary>
internal static class SrtpTestData
{
    /// <summary>Room every test buffer leaves after a packet: the largest SRTCP trailer.</summary>
    public const int Room = SrtpSender.MaxRtcpOverhead;

    public static readonly SrtpProfile[] Profiles = [SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm];

    /// <summary>Bytes from hex written the way RFCs print it (spaces and line breaks allowed).</summary>
    public static byte[] Hex(string hex) =>
        Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));

    /// <summary>Keying material whose local and remote halves are equal, so a sender and a receiver built from it talk to each other.</summary>
    public static SrtpKeyingMaterial Loopback(SrtpProfile profile, byte seed = 0x42)
    {
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed ^ (i * 13));
        }

        return new SrtpKeyingMaterial(profile, key, salt, key, salt);
    }

    /// <summary>An RTP packet at the start of a buffer with <see cref="Room"/> spare bytes after it.</summary>
    public static byte[] BuildRtp(uint ssrc, ushort sequenceNumber, ReadOnlySpan<byte> payload, int csrcCount = 0, int extensionWords = -1)
    {
        var headerLength = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var packet = new byte[headerLength + payload.Length + Room];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1234_5678u + sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0xC5C0_0000u + (uint)i);
        }

        if (extensionWords >= 0)
        {
            var extension = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extension), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(extension + 2), (ushort)extensionWords);
            packet.AsSpan(extension + 4, 4 * extensionWords).Fill(0xE7);
        }

        payload.CopyTo(packet.AsSpan(headerLength));
        return packet;
    }

    /// <summary>Length of the RTP packet <see cref="Rtp"/> built (the buffer minus its room).</summary>
    public static int RtpLength(byte[] buffer) => buffer.Length - Room;

    /// <summary>An RTCP receiver report from <paramref name="ssrc"/> followed by <paramref name="body"/>, with room after it.</summary>
    public static byte[] BuildRtcp(uint ssrc, ReadOnlySpan<byte> body)
    {
        var packet = new byte[8 + body.Length + Room];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((8 + body.Length + 3) / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        body.CopyTo(packet.AsSpan(8));
        return packet;
    }

    /// <summary>Protects a copy of an RTP packet built by <see cref="Rtp"/>; returns exactly the SRTP bytes.</summary>
    public static byte[] ProtectRtp(SrtpSender sender, byte[] rtp)
    {
        var buffer = (byte[])rtp.Clone();
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, RtpLength(rtp), out var length));
        return buffer[..length];
    }

    /// <summary>Protects a copy of an RTCP packet built by <see cref="Rtcp"/>; returns exactly the SRTCP bytes.</summary>
    public static byte[] ProtectRtcp(SrtpSender sender, byte[] rtcp)
    {
        var buffer = (byte[])rtcp.Clone();
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, RtpLength(rtcp), out var length));
        return buffer[..length];
    }

    /// <summary>Unprotects a copy of <paramref name="srtp"/>; the status and, when Ok, the RTP bytes.</summary>
    public static (SrtpStatus Status, byte[] Plain) UnprotectRtp(SrtpReceiver receiver, byte[] srtp)
    {
        var buffer = (byte[])srtp.Clone();
        var status = receiver.UnprotectRtp(buffer, buffer.Length, out var length);
        return (status, buffer[..length]);
    }

    /// <summary>Unprotects a copy of <paramref name="srtcp"/>; the status and, when Ok, the RTCP bytes.</summary>
    public static (SrtpStatus Status, byte[] Plain) UnprotectRtcp(SrtpReceiver receiver, byte[] srtcp)
    {
        var buffer = (byte[])srtcp.Clone();
        var status = receiver.UnprotectRtcp(buffer, buffer.Length, out var length);
        return (status, buffer[..length]);
    }
}
