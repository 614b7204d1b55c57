using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>Tuning for a <see cref="DtlsTransport"/>; the defaults suit browsers on the public Internet.</summary>
public sealed class DtlsTransportOptions
{
    /// <summary>The defaults.</summary>
    public static readonly DtlsTransportOptions Default = new();

    /// <summary>The whole handshake must finish within this time or the transport fails with <see cref="DtlsFailureReason.Timeout"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long to wait for the peer's next flight before resending ours; it doubles on each resend (RFC 6347 §4.2.4.1,
    /// which recommends 1 s).
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SRTP protection profiles to offer (client) or accept (server), in preference order. The default prefers
    /// AEAD_AES_128_GCM and falls back to AES_CM_128_HMAC_SHA1_80; a single entry forces that profile.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = SrtpProfileNegotiation.DefaultPreference;

    /// <summary>Largest datagram we send. 1200 bytes fits any path WebRTC runs over (including TURN and IPv6 overheads).</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>How many received datagrams may wait for the DTLS thread; more are dropped (the peer retransmits).</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>The clock for <see cref="HandshakeTimeout"/>. BouncyCastle's retransmission timer always runs on the real clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test hook: called inside BouncyCastle's handshake-complete callback, while the exporter still works.</summary>
    internal Action<TlsContext>? HandshakeCompletedTap { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HandshakeTimeout, TimeSpan.FromMinutes(10), nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetransmitTimeout, TimeSpan.FromMilliseconds(10), nameof(InitialRetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialRetransmitTimeout, TimeSpan.FromSeconds(60), nameof(InitialRetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, 256, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, DatagramLink.MaxDatagramLength, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 4, nameof(ReceiveQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveQueueCapacity, 1024, nameof(ReceiveQueueCapacity));
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(SrtpProfiles);
        if (SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        }

        foreach (var profile in SrtpProfiles)
        {
            if (!Enum.IsDefined(profile))
            {
                throw new ArgumentException($"Unknown SRTP profile {(int)profile}.", nameof(SrtpProfiles));
            }
        }
    }
}
