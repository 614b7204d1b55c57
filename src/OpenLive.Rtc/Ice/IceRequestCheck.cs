using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// The checks every ICE agent runs on a received Binding request before acting on it (RFC 8445 §7.3 with RFC 8489
/// §9.1.3's short-term credential rules), in the RFC's order: framing and FINGERPRINT (silently dropped when
/// wrong), presence of USERNAME / MESSAGE-INTEGRITY / PRIORITY (400), USERNAME then MESSAGE-INTEGRITY (401),
/// unknown comprehension-required attributes (420). Allocation-free.
/// </summary>
internal static class IceRequestCheck
{
    /// <summary>
    /// Checks <paramref name="request"/> addressed to us: USERNAME must be <c>localUfrag:remoteUfrag</c>
    /// (only the <c>localUfrag:</c> prefix when <paramref name="remoteUfrag"/> is empty, i.e. not yet signaled),
    /// MESSAGE-INTEGRITY made with our password.
    /// </summary>
    public static IceRequestVerdict Check(scoped in StunMessage request, ReadOnlySpan<byte> localUfrag, ReadOnlySpan<byte> remoteUfrag, StunIntegrityKey localKey)
    {
        if (request.Class != StunClass.Request || request.Method != StunMethod.Binding
            || (request.HasFingerprint && !request.IsFingerprintValid()))
        {
            return IceRequestVerdict.Drop;
        }

        // RFC 8445 §7.2.2 makes FINGERPRINT and PRIORITY mandatory in checks; RFC 8489 §9.1.3 USERNAME and MI.
        if (!request.HasFingerprint || !request.HasUsername || !request.HasMessageIntegrity
            || request.Priority is null || request.HasInvalidAttribute)
        {
            return IceRequestVerdict.BadRequest;
        }

        if (!UsernameMatches(request.Username, localUfrag, remoteUfrag) || !localKey.Verify(request))
        {
            return IceRequestVerdict.Unauthorized;
        }

        return request.HasUnknownComprehensionRequired ? IceRequestVerdict.UnknownAttribute : IceRequestVerdict.Valid;
    }

    /// <summary>
    /// True when <paramref name="username"/> is <c>local:remote</c>, or starts with <c>local:</c> when
    /// <paramref name="remote"/> is empty; compares bytes, so nothing is decoded or allocated.
    /// </summary>
    public static bool UsernameMatches(ReadOnlySpan<byte> username, ReadOnlySpan<byte> local, ReadOnlySpan<byte> remote)
    {
        if (username.Length <= local.Length || !username.StartsWith(local) || username[local.Length] != (byte)':')
        {
            return false;
        }

        return remote.IsEmpty || username[(local.Length + 1)..].SequenceEqual(remote);
    }

    /// <summary>The part of a USERNAME before the first ':' — the receiver's ufrag in a check; false when there is no ':'.</summary>
    public static bool TryReadReceiverUfrag(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> ufrag)
    {
        var colon = username.IndexOf((byte)':');
        ufrag = colon > 0 ? username[..colon] : default;
        return colon > 0;
    }
}
